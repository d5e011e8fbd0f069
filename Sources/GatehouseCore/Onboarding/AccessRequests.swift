import Foundation

/// What access requests need from configuration.
public struct AccessRequestConfiguration: Sendable {
    /// `rate_limit.access_request_per_ip` and `rate_limit.access_request_per_address`.
    public var perIP: RateLimit?
    public var perAddress: RateLimit?
    /// `rate_limit.access_request_per_network`: per IPv6 /48 (one client rotating its /64s).
    public var perNetwork: RateLimit?
    /// `rate_limit.access_request_global`: from everyone together. Each request mails every operator
    /// of an organisation (or every administrator), so this bounds the mail strangers can cause.
    public var global: RateLimit?
    /// `registration: closed`: nobody is invited in from outside, so nobody may ask.
    public var closed: Bool

    public init(perIP: RateLimit? = nil, perAddress: RateLimit? = nil, perNetwork: RateLimit? = nil, global: RateLimit? = nil, closed: Bool = false) {
        self.perIP = perIP
        self.perAddress = perAddress
        self.perNetwork = perNetwork
        self.global = global
        self.closed = closed
    }
}

/// What a stranger types on `/access-request`.
public struct AccessRequestSubmission: Sendable {
    public var name: String
    public var email: String
    public var organization: String?
    public var message: String?
    public var language: Language

    public init(name: String, email: String, organization: String? = nil, message: String? = nil, language: Language = .en) {
        self.name = name
        self.email = email
        self.organization = organization
        self.message = message
        self.language = language
    }
}

/// Access requests: someone without an invitation asks to be let in, an organisation's operators (or
/// the platform administrators) are told, and approve (an invitation goes out) or reject.
///
/// Submitting answers the same and makes the same store calls whether or not the address has an
/// account or the organisation exists: one insert and one outbox job. The outbox worker routes the
/// request later and, when the address has an account, mails its owner "you already have an account"
/// instead of saying anything on screen.
public struct AccessRequests: Sendable {
    public let invitations: Invitations
    public let limiter: RateLimiter
    public let configuration: AccessRequestConfiguration

    public static let maximumMessageLength = 2000

    public init(invitations: Invitations, limiter: RateLimiter, configuration: AccessRequestConfiguration = AccessRequestConfiguration()) {
        self.invitations = invitations
        self.limiter = limiter
        self.configuration = configuration
    }

    var store: any Store { invitations.store }
    var clock: any WallClock { invitations.clock }
    var units: UnitOfWork { invitations.units }
    var mail: AccountMail { invitations.mail }

    // MARK: - Submitting

    /// `POST /api/v1/access-requests`: checks what was typed, applies the rate limits (per client and
    /// per address, whether or not it has an account), stores the request and queues its routing job.
    public func submit(_ submission: AccessRequestSubmission, request: RequestInfo) async throws {
        guard !configuration.closed else {
            throw GatehouseError(.forbidden, detail: "Registration is closed: ask an administrator for an account.")
        }
        // A person's name follows the rules of an organisation's: 1–100 characters, none invisible.
        let name = try Organization.validatedName(submission.name)
        let email = try SelfService.normalizedEmail(submission.email)
        let slug = try submission.organization.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }.map {
            do {
                return try Organization.validatedSlug($0)
            } catch {
                throw GatehouseError.validation("organization", "invalid", detail: "A slug is 2–40 characters of a-z, 0-9 and inner hyphens.")
            }
        }
        let message = try Self.validatedMessage(submission.message ?? "")
        // The global budget last: requests one client's own limits refuse never use it up.
        var limits: [(name: String, value: String, limit: RateLimit?)] = [
            ("access_request_per_ip", request.ip?.rateLimitKey ?? "unknown", configuration.perIP),
            ("access_request_per_address", email.normalized, configuration.perAddress),
        ]
        if let network = request.ip?.networkRateLimitKey { limits.append(("access_request_per_network", network, configuration.perNetwork)) }
        limits.append(("access_request_global", "all", configuration.global))
        try await limiter.enforce(limits)
        let now = clock.now()
        let id = AccessRequestID(rawValue: invitations.random.uuidV7(at: now).uuidString.lowercased())
        let stored = AccessRequest(id: id, name: name, email: email.display, emailNormalized: email.normalized, organizationSlug: slug,
                                   organizationID: nil, message: message, language: submission.language, state: .open, createdAt: now)
        try await units.run { work in
            try await work.accessRequests.createAccessRequest(stored)
            _ = try await mail.mailer.enqueue(OutgoingMail(kind: .accessRequestRouting, to: email.normalized, language: submission.language,
                                                           values: ["access_request": id.rawValue]), in: work)
            var details = ["access_request": id.rawValue]
            if let slug { details["organization"] = slug }
            work.record(AuditEvent(.accessRequestReceived, requestID: request.requestID, details: details,
                                   personal: Invitations.personal(request, email: email.normalized)))
        }
    }

    /// The outbox job of a new request, inside the worker's transaction: records the organisation it
    /// names, mails that organisation's operators (the platform administrators when it names none, or
    /// one without operators), and tells an address that has an account so, by mail only.
    public func route(_ job: OutgoingMail, in work: Work) async throws {
        // Decided meanwhile (from the administrators' queue, before this job ran): nobody needs telling.
        guard let id = job.values["access_request"], let request = try await work.accessRequests.accessRequest(id: AccessRequestID(rawValue: id)),
              request.state == .open else {
            return
        }
        var organization: Organization?
        if let slug = request.organizationSlug, let named = try await work.organizations.organization(slug: slug) {
            organization = named
            try await work.accessRequests.routeAccessRequest(request.id, to: named.id)
        }
        var recipients: [Account] = []
        if let organization {
            for member in try await work.organizations.organizationMembers(organization.id) where member.role == .operator {
                if let account = try await work.accounts.account(id: member.accountID), account.status == .active { recipients.append(account) }
            }
        }
        let queue = organization.map { "/organizations/\($0.slug)" } ?? "/admin/organizations"
        let toAdministrators = recipients.isEmpty
        if toAdministrators { recipients = try await work.accounts.activeAdministrators() }
        for recipient in recipients {
            var values = ["requester_name": request.name, "requester_email": request.email, "queue_link": mail.mailer.link(queue)]
            if let organization { values["organization"] = organization.name }
            if !request.message.isEmpty { values["message"] = request.message }
            try await mail.send(.accessRequest, to: recipient.email, account: recipient, values: values, in: work)
        }
        let holder = try await work.accounts.account(login: request.emailNormalized)
        if let holder, holder.status == .active {
            try await mail.send(.accessRequestAccountExists, to: holder.email, account: holder, values: [
                "login_link": mail.mailer.link("/login"), "reset_link": mail.mailer.link("/password-reset"),
            ], in: work)
        }
        var details = ["access_request": request.id.rawValue, "notified": String(recipients.count),
                       "to": toAdministrators ? "administrators" : "operators"]
        if let organization { details["organization"] = organization.slug }
        work.record(AuditEvent(.accessRequestRouted, subject: holder?.id, requestID: job.values["request_id"], details: details,
                               personal: AuditPersonalData(email: request.emailNormalized)))
    }

    // MARK: - The queue

    /// The requests routed to an organisation, newest first, for its operators and administrators.
    public func requests(of slug: String, viewer: Inviter) async throws -> [AccessRequest] {
        let organization = try await invitations.manageable(slug, by: viewer)
        return try await store.accessRequests.accessRequests(of: organization.id)
    }

    /// Every request, newest first (platform administrators).
    public func all() async throws -> [AccessRequest] {
        try await store.accessRequests.accessRequests(of: nil)
    }

    /// Approves an open request: an invitation to the requester's address goes out in the same unit of
    /// work. Through an organisation (`slug`) the request must have been routed to it; an administrator
    /// approving from the platform queue names the organisation when the request named none.
    public func approve(_ id: AccessRequestID, of slug: String?, organization chosen: String? = nil, orgRole: OrgRole = .member, by inviter: Inviter,
                        language: Language = .en, request: RequestInfo = RequestInfo()) async throws -> Invitation {
        let accessRequest = try await find(id, of: slug, by: inviter)
        guard accessRequest.state == .open else { throw Self.decided(accessRequest) }
        let target: String
        if let slug {
            target = slug
        } else if let chosen, !chosen.isEmpty {
            target = chosen
        } else if let routed = accessRequest.organizationID, let organization = try await store.organizations.organization(id: routed) {
            target = organization.slug
        } else {
            throw GatehouseError.validation("organization", "missing", detail: "The request names no organisation: choose one to invite into.")
        }
        let plan = try await invitations.plan(email: accessRequest.email, into: .organization(slug: target), orgRole: orgRole, roles: [], by: inviter)
        try await invitations.countMailing(by: inviter)
        let now = clock.now()
        return try await units.run { work in
            let invitation = try await invitations.send(plan, by: inviter, language: accessRequest.language, request: request, in: work)
            guard try await work.accessRequests.decideAccessRequest(id, state: .approved, by: inviter.accountID, invitation: invitation.id, at: now) else {
                throw Self.decided(accessRequest)
            }
            work.record(AuditEvent(.accessRequestApproved, actor: inviter.accountID, requestID: request.requestID, details: [
                "access_request": id.rawValue, "invitation": invitation.id.rawValue, "organization": plan.organization.slug,
                "org_role": orgRole.rawValue], personal: Invitations.personal(request, email: accessRequest.emailNormalized)))
            return invitation
        }
    }

    /// Rejects an open request; with `notify` the requester gets a polite mail.
    public func reject(_ id: AccessRequestID, of slug: String?, notify: Bool, by inviter: Inviter, request: RequestInfo = RequestInfo()) async throws {
        let accessRequest = try await find(id, of: slug, by: inviter)
        let now = clock.now()
        let organizationName: String? = if let routed = accessRequest.organizationID {
            try await store.organizations.organization(id: routed)?.name
        } else {
            nil
        }
        try await units.run { work in
            guard try await work.accessRequests.decideAccessRequest(id, state: .rejected, by: inviter.accountID, invitation: nil, at: now) else {
                throw Self.decided(accessRequest)
            }
            if notify {
                var values = ["username": accessRequest.name]
                if let organizationName { values["organization"] = organizationName }
                _ = try await mail.mailer.enqueue(OutgoingMail(kind: .accessRequestRejected, to: accessRequest.email, language: accessRequest.language,
                                                               values: values), in: work)
            }
            var details = ["access_request": id.rawValue, "notified": String(notify)]
            if let slug { details["organization"] = slug.lowercased() }
            work.record(AuditEvent(.accessRequestRejected, actor: inviter.accountID, requestID: request.requestID, details: details,
                                   personal: Invitations.personal(request, email: accessRequest.emailNormalized)))
        }
    }

    /// The request, if `inviter` may decide it: through an organisation it must be routed there (an
    /// operator of another organisation gets `not_found`); from the platform queue, administrators only.
    private func find(_ id: AccessRequestID, of slug: String?, by inviter: Inviter) async throws -> AccessRequest {
        let notFound = GatehouseError(.notFound, detail: "No access request has that id.")
        guard let accessRequest = try await store.accessRequests.accessRequest(id: id) else { throw notFound }
        if let slug {
            let organization = try await invitations.manageable(slug, by: inviter)
            guard accessRequest.organizationID == organization.id else { throw notFound }
        } else {
            guard inviter.isAdministrator else { throw notFound }
        }
        return accessRequest
    }

    static func decided(_ request: AccessRequest) -> GatehouseError {
        GatehouseError(.alreadyTaken, detail: "The access request was already decided.", errors: [FieldError(field: "state", code: "decided")])
    }

    // MARK: - What strangers may type

    /// A message of at most 2000 characters; line breaks and tabs are kept, other control, format and
    /// private-use characters refused.
    static func validatedMessage(_ raw: String) throws -> String {
        let message = raw.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            .precomposedStringWithCanonicalMapping
        guard message.count <= maximumMessageLength else {
            throw GatehouseError.validation("message", "too_long", detail: "A message is at most 2000 characters.")
        }
        guard !message.unicodeScalars.contains(where: { $0 != "\n" && $0 != "\t" && Organization.invisible.contains($0.properties.generalCategory) }) else {
            throw GatehouseError.validation("message", "invalid", detail: "The message contains invisible or control characters.")
        }
        return message
    }
}
