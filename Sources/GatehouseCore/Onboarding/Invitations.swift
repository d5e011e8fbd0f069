import Foundation

/// `registration`: how new accounts come to be.
public enum RegistrationMode: String, Sendable, CaseIterable {
    /// Only through an invitation (production).
    case inviteOnly = "invite_only"
    /// Anyone may sign up with an address they then verify (development); invitations work too.
    case open
    /// Only administrators create accounts; an invitation still brings an existing account into an
    /// organisation, but nobody registers.
    case closed
}

/// What onboarding needs from configuration.
public struct OnboardingConfiguration: Sendable {
    /// `tokens.invitation_ttl`.
    public var invitationLifetime: Duration
    public var registration: RegistrationMode
    /// `rate_limit.register_per_ip`: registrations (and failed attempts at one) per client address.
    public var registerPerIP: RateLimit?
    /// `rate_limit.invitations_per_inviter`: invitations mailed (sent, resent, or sent by approving an
    /// access request) per inviting account: an operator cannot make the platform mail any address at will.
    public var invitationsPerInviter: RateLimit?

    public init(invitationLifetime: Duration = .seconds(7 * 86400), registration: RegistrationMode = .inviteOnly, registerPerIP: RateLimit? = nil,
                invitationsPerInviter: RateLimit? = nil) {
        self.invitationLifetime = invitationLifetime
        self.registration = registration
        self.registerPerIP = registerPerIP
        self.invitationsPerInviter = invitationsPerInviter
    }
}

/// Who sends an invitation or manages one.
public struct Inviter: Sendable, Equatable {
    /// Nil for the command line, which acts as a platform administrator.
    public var accountID: AccountID?
    public var isAdministrator: Bool

    public init(accountID: AccountID?, isAdministrator: Bool) {
        self.accountID = accountID
        self.isAdministrator = isAdministrator
    }

    public init(_ account: Account) {
        self.init(accountID: account.id, isAdministrator: account.isAdmin)
    }

    /// A session or an API token: an administrator only with `admin:organizations` (a token's group
    /// may leave it out even when its owner holds it).
    public init(_ caller: Caller) {
        self.init(accountID: caller.account.id, isAdministrator: caller.holds(.adminOrganizations))
    }

    /// The operator's own tool.
    public static let commandLine = Inviter(accountID: nil, isAdministrator: true)
}

/// The organisation an invitation brings someone into.
public enum InvitationTarget: Sendable, Equatable {
    case organization(slug: String)
    /// Created together with the invitation (platform administrators only): invitations onboard
    /// organisations too.
    case newOrganization(slug: String, name: String)
}

/// Invitations: sending, listing, revoking and resending them, and accepting one with an existing
/// account (registration with one is `Registrations`).
///
/// An invitation is bound to an address, an organisation and an org role. Its 256-bit token travels
/// only in the mail (the store keeps its SHA-256). An address without an account is mailed a link to
/// register (`/register?invitation=`); one with an account a link to accept (`/invitations/accept`):
/// the inviter's answer is the same either way. Every change is one unit of work with its audit event.
public struct Invitations: Sendable {
    public let store: any Store
    public let clock: any WallClock
    public let random: any RandomSource
    public let mail: AccountMail
    public let configuration: OnboardingConfiguration
    public let units: UnitOfWork
    /// Applies `invitationsPerInviter`; nil (the command line) applies none.
    public let limiter: RateLimiter?

    public init(store: any Store, trail: AuditTrail, clock: any WallClock = SystemWallClock(), random: any RandomSource = SystemRandomSource(),
                mail: AccountMail, cache: SessionCache? = nil, configuration: OnboardingConfiguration = OnboardingConfiguration(),
                limiter: RateLimiter? = nil) {
        self.store = store
        self.clock = clock
        self.random = random
        self.mail = mail
        self.configuration = configuration
        self.limiter = limiter
        self.units = UnitOfWork(store: store, trail: trail, cache: cache, outbox: mail.mailer.signal)
    }

    /// One more invitation mailed by `inviter`, under `rate_limit.invitations_per_inviter` (the command
    /// line is not limited).
    func countMailing(by inviter: Inviter) async throws {
        guard let limiter, let accountID = inviter.accountID else { return }
        try await limiter.enforce([("invitations_per_inviter", accountID.rawValue, configuration.invitationsPerInviter)])
    }

    // MARK: - Inviting

    /// A new invitation, mailed in the same unit of work. Operators invite into their own organisation
    /// only (any other slug is `not_found`, like an unknown one); platform roles and new organisations
    /// are for administrators. A pending invitation of the same address into the same organisation is
    /// revoked: the new one replaces it.
    public func invite(email typed: String, into target: InvitationTarget, orgRole: OrgRole, roles: Set<Role> = [], by inviter: Inviter,
                       language: Language = .en, request: RequestInfo = RequestInfo()) async throws -> Invitation {
        let plan = try await plan(email: typed, into: target, orgRole: orgRole, roles: roles, by: inviter)
        try await countMailing(by: inviter)
        do {
            return try await units.run { work in
                try await send(plan, by: inviter, language: language, request: request, in: work)
            }
        } catch StoreError.alreadyTaken where plan.creates {
            throw GatehouseError(.alreadyTaken, detail: "That slug is already in use.", errors: [FieldError(field: "slug", code: "already_taken")])
        }
    }

    /// An invitation checked and ready to write: who may send it, to which organisation.
    struct Plan: Sendable {
        var email: (display: String, normalized: String)
        var organization: Organization
        /// The organisation to create with the invitation.
        var creates: Bool
        var orgRole: OrgRole
        var roles: Set<Role>
    }

    func plan(email typed: String, into target: InvitationTarget, orgRole: OrgRole, roles: Set<Role>, by inviter: Inviter) async throws -> Plan {
        let email = try SelfService.normalizedEmail(typed)
        let createsOrganization = if case .newOrganization = target { true } else { false }
        if (createsOrganization || !roles.isEmpty) && !inviter.isAdministrator {
            throw GatehouseError(.forbidden, detail: "Only a platform administrator gives platform roles or creates organisations.")
        }
        switch target {
        case .organization(let slug):
            return Plan(email: email, organization: try await manageable(slug, by: inviter), creates: false, orgRole: orgRole, roles: roles)
        case .newOrganization(let rawSlug, let rawName):
            let now = clock.now()
            let organization = Organization(id: OrganizationID(rawValue: random.uuidV7(at: now).uuidString.lowercased()),
                                            slug: try Organization.validatedSlug(rawSlug), name: try Organization.validatedName(rawName), createdAt: now)
            return Plan(email: email, organization: organization, creates: true, orgRole: orgRole, roles: roles)
        }
    }

    /// Writes and mails a planned invitation inside the caller's unit of work (an approved access
    /// request sends one with its decision).
    func send(_ plan: Plan, by inviter: Inviter, language: Language, request: RequestInfo, in work: Work) async throws -> Invitation {
        let now = clock.now()
        let organization = plan.organization
        if plan.creates {
            try await work.organizations.createOrganization(organization)
            work.record(AuditEvent(.organizationCreated, actor: inviter.accountID, requestID: request.requestID, details: [
                "organization": organization.slug, "organization_id": organization.id.rawValue, "name": organization.name, "via": "invitation"]))
        }
        let token = SecretToken.generate(random)
        let new = NewInvitation(id: InvitationID(rawValue: random.uuidV7(at: now).uuidString.lowercased()), tokenHash: SecretToken.hash(token),
                                email: plan.email.display, emailNormalized: plan.email.normalized, organizationID: organization.id,
                                orgRole: plan.orgRole, roles: plan.roles, invitedBy: inviter.accountID, createdAt: now,
                                expiresAt: now.addingTimeInterval(configuration.invitationLifetime.timeInterval))
        // An operator's invitation never replaces one an administrator sent with platform roles.
        let replaced = try await work.invitations.revokePendingInvitations(emailNormalized: plan.email.normalized, organization: organization.id,
                                                                           includingRoles: inviter.isAdministrator, at: now)
        for id in replaced {
            work.record(AuditEvent(.invitationRevoked, actor: inviter.accountID, requestID: request.requestID, details: [
                "invitation": id.rawValue, "organization": organization.slug, "reason": "replaced", "replaced_by": new.id.rawValue],
                personal: Self.personal(request, email: plan.email.normalized)))
        }
        try await work.invitations.createInvitation(new)
        guard let invitation = try await work.invitations.invitation(id: new.id) else { throw StoreError.notFound }
        try await mailInvitation(invitation, token: token, inviter: inviter, language: language, in: work)
        var details = ["invitation": invitation.id.rawValue, "organization": organization.slug, "org_role": plan.orgRole.rawValue]
        if !plan.roles.isEmpty { details["roles"] = plan.roles.sorted().map(\.name).joined(separator: ",") }
        work.record(AuditEvent(.invitationCreated, actor: inviter.accountID, requestID: request.requestID, details: details,
                               personal: Self.personal(request, email: plan.email.normalized)))
        return invitation
    }

    /// The organisation's invitations, newest first, for its operators and platform administrators.
    public func invitations(of slug: String, viewer: Inviter) async throws -> [Invitation] {
        let organization = try await manageable(slug, by: viewer)
        return try await store.invitations.invitations(of: organization.id)
    }

    /// Revokes a pending (or expired) invitation: its token stops working.
    public func revoke(_ id: InvitationID, of slug: String, by inviter: Inviter, request: RequestInfo = RequestInfo()) async throws {
        let organization = try await manageable(slug, by: inviter)
        let now = clock.now()
        try await units.run { work in
            let invitation = try await manageableInvitation(id, of: organization, by: inviter, in: work)
            guard try await work.invitations.revokeInvitation(id, at: now) else { throw try await settled(id, in: work, at: now) }
            work.record(AuditEvent(.invitationRevoked, actor: inviter.accountID, requestID: request.requestID, details: [
                "invitation": id.rawValue, "organization": organization.slug], personal: Self.personal(request, email: invitation.emailNormalized)))
        }
    }

    /// Mails the invitation again with a new token and a new lifetime; the old token stops working.
    public func resend(_ id: InvitationID, of slug: String, by inviter: Inviter, language: Language = .en,
                       request: RequestInfo = RequestInfo()) async throws -> Invitation {
        let organization = try await manageable(slug, by: inviter)
        try await countMailing(by: inviter)
        let now = clock.now()
        let token = SecretToken.generate(random)
        return try await units.run { work in
            _ = try await manageableInvitation(id, of: organization, by: inviter, in: work)
            guard try await work.invitations.renewInvitation(id, tokenHash: SecretToken.hash(token),
                                                            expiresAt: now.addingTimeInterval(configuration.invitationLifetime.timeInterval), at: now),
                  let invitation = try await work.invitations.invitation(id: id) else { throw try await settled(id, in: work, at: now) }
            try await mailInvitation(invitation, token: token, inviter: inviter, language: language, in: work)
            work.record(AuditEvent(.invitationResent, actor: inviter.accountID, requestID: request.requestID, details: [
                "invitation": id.rawValue, "organization": organization.slug], personal: Self.personal(request, email: invitation.emailNormalized)))
            return invitation
        }
    }

    /// The organisation `slug` names, if `inviter` may manage its invitations: a platform
    /// administrator, or an operator of that organisation. Anyone else gets the `not_found` an
    /// unknown slug gets, so an operator cannot tell other organisations exist.
    public func manageable(_ slug: String, by inviter: Inviter) async throws -> Organization {
        let notFound = GatehouseError(.notFound, detail: "No organisation has that slug.")
        guard let organization = try await store.organizations.organization(slug: slug.lowercased()) else { throw notFound }
        if inviter.isAdministrator { return organization }
        guard let accountID = inviter.accountID,
              try await store.organizations.membershipRole(accountID, in: organization.id) == .operator else { throw notFound }
        return organization
    }

    /// The mail: a link to register for an address without an account, a link to accept for one with.
    private func mailInvitation(_ invitation: Invitation, token: String, inviter: Inviter, language: Language, in work: Work) async throws {
        var values = ["organization": invitation.organization.name, "valid_days": Self.days(configuration.invitationLifetime)]
        if let inviterID = inviter.accountID, let account = try await work.accounts.account(id: inviterID) {
            values["inviter"] = account.username
        }
        if let holder = try await work.accounts.account(login: invitation.emailNormalized) {
            values["link"] = mail.mailer.publicURL + "/invitations/accept?invitation=" + token
            try await mail.send(.invitationAccept, to: holder.email, account: holder, values: values, in: work)
        } else {
            values["link"] = mail.mailer.publicURL + "/register?invitation=" + token
            try await mail.mailer.enqueue(OutgoingMail(kind: .invitation, to: invitation.email, language: language, values: values), in: work)
        }
    }

    // MARK: - Following the link

    /// The pending invitation a token names, for the registration page (nothing is consumed);
    /// `invitation_invalid` for an unknown, used, expired or revoked one alike.
    public func lookup(token: String) async throws -> Invitation {
        guard SecretToken.isWellFormed(token),
              let invitation = try await store.invitations.liveInvitation(tokenHash: SecretToken.hash(token), now: clock.now())
        else { throw GatehouseError(.invitationInvalid) }
        return invitation
    }

    /// `POST /api/v1/account/invitations/accept`: the signed-in owner of the invited address joins the
    /// organisation (an operator stays one; platform roles the invitation carries are added).
    @discardableResult
    public func accept(token: String, account: Account, request: RequestInfo) async throws -> Membership {
        let invitation = try await lookup(token: token)
        guard invitation.emailNormalized == account.emailNormalized else {
            throw GatehouseError(.forbidden, detail: "This invitation is for another address.")
        }
        let now = clock.now()
        return try await units.run { work in
            guard let accepted = try await work.invitations.acceptInvitation(tokenHash: SecretToken.hash(token), by: account.id, at: now),
                  let current = try await work.accounts.account(id: account.id), current.status == .active,
                  current.emailNormalized == accepted.emailNormalized else {
                throw GatehouseError(.invitationInvalid)
            }
            let role = try await join(current, accepted, in: work, request: request)
            work.record(AuditEvent(.invitationAccepted, actor: account.id, subject: account.id, requestID: request.requestID, details: [
                "invitation": accepted.id.rawValue, "organization": accepted.organization.slug, "via": "existing_account"]))
            return Membership(organization: accepted.organization, role: role)
        }
    }

    /// Adds the membership (and platform roles) an accepted invitation grants, inside its unit; the
    /// org role the account has now.
    @discardableResult
    func join(_ account: Account, _ invitation: Invitation, in work: Work, request: RequestInfo) async throws -> OrgRole {
        let now = clock.now()
        let before = try await work.organizations.membershipRole(account.id, in: invitation.organization.id)
        let role: OrgRole = before == .operator ? .operator : invitation.orgRole
        if before != role {
            try await work.organizations.setMembership(account.id, in: invitation.organization.id, role: role, at: now)
            var details = ["organization": invitation.organization.slug, "org_role": role.rawValue, "invitation": invitation.id.rawValue]
            if let before { details["from"] = before.rawValue }
            work.record(AuditEvent(before == nil ? .organizationMemberAdded : .organizationMemberChanged, actor: invitation.invitedBy,
                                   subject: account.id, requestID: request.requestID, details: details))
        }
        let roles = account.roles.union(try await grantableRoles(invitation, in: work))
        if roles != account.roles {
            _ = try await work.accounts.setRoles(account.id, roles, at: now)
            work.record(AuditEvent(.rolesChanged, actor: invitation.invitedBy, subject: account.id, requestID: request.requestID, details: [
                "roles": roles.sorted().map(\.name).joined(separator: ","), "invitation": invitation.id.rawValue]))
        }
        work.forget(account: account.id)
        return role
    }

    /// The platform roles an accepted invitation still grants: those of the command line's, and of an
    /// administrator's who is still an active administrator (a demoted one's invitations grant none).
    func grantableRoles(_ invitation: Invitation, in work: Work) async throws -> Set<Role> {
        guard !invitation.roles.isEmpty, let inviterID = invitation.invitedBy else { return invitation.roles }
        guard let inviter = try await work.accounts.account(id: inviterID), inviter.isAdmin, inviter.status == .active else { return [] }
        return invitation.roles
    }

    // MARK: - Helpers

    /// The invitation, if it belongs to `organization` and `inviter` may manage it: one that carries
    /// platform roles is an administrator's to revoke or resend (`not_found` to an operator).
    private func manageableInvitation(_ id: InvitationID, of organization: Organization, by inviter: Inviter, in work: Work) async throws -> Invitation {
        guard let invitation = try await work.invitations.invitation(id: id), invitation.organization.id == organization.id,
              invitation.roles.isEmpty || inviter.isAdministrator else {
            throw GatehouseError(.notFound, detail: "No invitation has that id.")
        }
        return invitation
    }

    /// An accepted or revoked invitation cannot be revoked or resent: `already_taken` naming its state
    /// as it is now (read again: it may have changed since the first read).
    private func settled(_ id: InvitationID, in work: Work, at now: Date) async throws -> GatehouseError {
        let accepted = try await work.invitations.invitation(id: id)?.state(at: now) == .accepted
        return GatehouseError(.alreadyTaken, detail: accepted ? "The invitation was already accepted." : "The invitation was already revoked.",
                              errors: [FieldError(field: "state", code: accepted ? "accepted" : "revoked")])
    }

    static func personal(_ request: RequestInfo, email: String) -> AuditPersonalData {
        var personal = request.personal
        personal.email = email
        return personal
    }

    static func days(_ duration: Duration) -> String { String(max(1, Int((duration.timeInterval / 86400).rounded()))) }
}
