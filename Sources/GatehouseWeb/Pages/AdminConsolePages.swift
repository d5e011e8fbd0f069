import GatehouseCore

/// The support console's navigation: users, organisations, the audit log.
struct AdminNavigationView {
    struct Item {
        let href: String
        let label: String
        let current: Bool
    }

    let navigationLabel: String
    let navigation: [Item]

    init(current: String, language: Language) {
        navigationLabel = Catalog.text(.adminConsoleTitle, language)
        navigation = [
            Item(href: "/admin/users", label: Catalog.text(.adminNavUsers, language), current: current == "/admin/users"),
            Item(href: "/admin/organizations", label: Catalog.text(.adminNavOrganizations, language), current: current == "/admin/organizations"),
            Item(href: "/admin/queues", label: Catalog.text(.adminNavQueues, language), current: current == "/admin/queues"),
            Item(href: "/admin/audit", label: Catalog.text(.adminNavAudit, language), current: current == "/admin/audit"),
        ]
    }
}

/// `/admin/users`: find accounts by the start of their username or email, a page at a time.
public struct AdminUsersPage: Sendable {
    public struct Entry: Sendable {
        public var id: String
        public var username: String
        public var email: String
        /// `active`, `locked` or `disabled`.
        public var state: String
        public var twoFactor: Bool
        public var verified: Bool
        public var lastSignIn: String?

        public init(id: String, username: String, email: String, state: String, twoFactor: Bool, verified: Bool, lastSignIn: String?) {
            self.id = id
            self.username = username
            self.email = email
            self.state = state
            self.twoFactor = twoFactor
            self.verified = verified
            self.lastSignIn = lastSignIn
        }
    }

    public var context: PageContext
    public var query: String
    public var entries: [Entry]
    /// The next page's URL; nil on the last page.
    public var nextHref: String?
    public var error: String?

    public init(context: PageContext, query: String, entries: [Entry], nextHref: String?, error: String? = nil) {
        self.context = context
        self.query = query
        self.entries = entries
        self.nextHref = nextHref
        self.error = error
    }
}

struct AdminUsersView {
    struct EntryView {
        let userHref: String
        let userName: String
        let userEmail: String
        let userFacts: String
    }

    let title: String
    let nav: AdminNavigationView
    let notice: String? = nil
    let error: String?
    let searchLabel: String
    let query: String
    let searchSubmit: String
    let users: [EntryView]
    let noUsers: String?
    let nextHref: String?
    let nextLabel: String

    init(_ page: AdminUsersPage) {
        let language = page.context.language
        title = Catalog.text(.adminUsersTitle, language)
        nav = AdminNavigationView(current: "/admin/users", language: language)
        error = page.error
        searchLabel = Catalog.text(.adminUsersSearchLabel, language)
        query = page.query
        searchSubmit = Catalog.text(.adminUsersSearchSubmit, language)
        users = page.entries.map { entry in
            EntryView(userHref: "/admin/users/" + entry.id, userName: entry.username, userEmail: entry.email,
                      userFacts: AdminFacts.summary(state: entry.state, twoFactor: entry.twoFactor, verified: entry.verified,
                                                    lastSignIn: entry.lastSignIn, language: language))
        }
        noUsers = page.entries.isEmpty ? Catalog.text(.adminUsersNone, language) : nil
        nextHref = page.nextHref
        nextLabel = Catalog.text(.adminNextPage, language)
    }
}

enum AdminFacts {
    static func state(_ state: String, _ language: Language) -> String {
        switch state {
        case "locked": Catalog.text(.adminStateLocked, language)
        case "disabled": Catalog.text(.adminStateDisabled, language)
        default: Catalog.text(.adminStateActive, language)
        }
    }

    static func summary(state: String, twoFactor: Bool, verified: Bool, lastSignIn: String?, language: Language) -> String {
        [
            Self.state(state, language),
            Catalog.text(twoFactor ? .adminTwoFactorOn : .adminTwoFactorOff, language),
            Catalog.text(verified ? .adminVerified : .adminUnverified, language),
            lastSignIn.map { Catalog.text(.adminLastSignIn, language, ["time": $0]) } ?? Catalog.text(.adminNeverSignedIn, language),
        ].joined(separator: " · ")
    }
}

/// `/admin/users/{id}`: one account as support sees it, and what support can do to it.
public struct AdminUserPage: Sendable {
    public struct Session: Sendable {
        public var device: String
        public var place: String
        public var lastActive: String

        public init(device: String, place: String, lastActive: String) {
            self.device = device
            self.place = place
            self.lastActive = lastActive
        }
    }

    /// One action: a link to its confirmation page.
    public enum Action: String, Sendable, CaseIterable {
        case unlock
        case resetTwoFactor = "reset-two-factor"
        case disable
        case enable
        case endSessions = "end-sessions"
        case roles
        case impersonate
    }

    public var context: PageContext
    public var notice: String?
    public var error: String?
    public var id: String
    public var username: String
    public var email: String
    public var state: String
    public var twoFactor: Bool
    public var verified: Bool
    public var lastSignIn: String?
    public var roles: [String]
    public var organizations: [String]
    public var sessions: [Session]
    public var events: [AccountPage.SecurityEvent]
    public var actions: [Action]

    public init(context: PageContext, notice: String? = nil, error: String? = nil, id: String, username: String, email: String, state: String,
                twoFactor: Bool, verified: Bool, lastSignIn: String?, roles: [String], organizations: [String], sessions: [Session],
                events: [AccountPage.SecurityEvent], actions: [Action]) {
        self.context = context
        self.notice = notice
        self.error = error
        self.id = id
        self.username = username
        self.email = email
        self.state = state
        self.twoFactor = twoFactor
        self.verified = verified
        self.lastSignIn = lastSignIn
        self.roles = roles
        self.organizations = organizations
        self.sessions = sessions
        self.events = events
        self.actions = actions
    }
}

extension AdminUserPage.Action {
    public func label(_ language: Language) -> String {
        switch self {
        case .unlock: Catalog.text(.adminActionUnlock, language)
        case .resetTwoFactor: Catalog.text(.adminActionResetTwoFactor, language)
        case .disable: Catalog.text(.adminActionDisable, language)
        case .enable: Catalog.text(.adminActionEnable, language)
        case .endSessions: Catalog.text(.adminActionEndSessions, language)
        case .roles: Catalog.text(.adminActionRoles, language)
        case .impersonate: Catalog.text(.adminActionImpersonate, language)
        }
    }

    /// The confirmation page's question, naming the account.
    public func question(_ username: String, _ language: Language) -> String {
        let key: MessageKey = switch self {
        case .unlock: .adminConfirmUnlock
        case .resetTwoFactor: .adminConfirmResetTwoFactor
        case .disable: .adminConfirmDisable
        case .enable: .adminConfirmEnable
        case .endSessions: .adminConfirmEndSessions
        case .roles: .adminConfirmRoles
        case .impersonate: .adminConfirmImpersonate
        }
        return Catalog.text(key, language, ["username": username])
    }

    /// What happens, said on the confirmation page.
    public func consequence(_ username: String, minutes: Int, _ language: Language) -> String {
        let key: MessageKey = switch self {
        case .unlock: .adminExplainUnlock
        case .resetTwoFactor: .adminExplainResetTwoFactor
        case .disable: .adminExplainDisable
        case .enable: .adminExplainEnable
        case .endSessions: .adminExplainEndSessions
        case .roles: .adminExplainRoles
        case .impersonate: .adminExplainImpersonate
        }
        return Catalog.text(key, language, ["username": username, "duration": Catalog.minutes(minutes, language)])
    }

    /// The notice shown on the account's page once done.
    public func done(_ language: Language) -> String {
        let key: MessageKey = switch self {
        case .unlock: .adminDoneUnlock
        case .resetTwoFactor: .adminDoneResetTwoFactor
        case .disable: .adminDoneDisable
        case .enable: .adminDoneEnable
        case .endSessions: .adminDoneEndSessions
        case .roles: .adminDoneRoles
        case .impersonate: .adminDoneEndSessions
        }
        return Catalog.text(key, language)
    }

    /// Destructive actions need the administrator's password within `reauth_window`.
    public var isDestructive: Bool { self != .unlock && self != .enable }
}

struct AdminUserView {
    struct ActionView {
        let actionHref: String
        let actionLabel: String
    }

    struct SessionView {
        let sessionDevice: String
        let sessionMeta: String
    }

    let title: String
    let nav: AdminNavigationView
    let notice: String?
    let error: String?
    let email: String
    let facts: String
    let rolesLabel: String
    let roles: String
    let organizationsLabel: String
    let organizations: String
    let sessionsHeading: String
    let sessions: [SessionView]
    let noSessions: String?
    let eventsHeading: String
    let events: [AccountView.SecurityEventView]
    let actionsHeading: String
    let actions: [ActionView]

    init(_ page: AdminUserPage) {
        let language = page.context.language
        title = page.username
        nav = AdminNavigationView(current: "/admin/users", language: language)
        notice = page.notice
        error = page.error
        email = page.email
        facts = AdminFacts.summary(state: page.state, twoFactor: page.twoFactor, verified: page.verified, lastSignIn: page.lastSignIn, language: language)
        let none = "—"
        rolesLabel = Catalog.text(.adminUserRoles, language)
        roles = page.roles.isEmpty ? none : page.roles.joined(separator: ", ")
        organizationsLabel = Catalog.text(.adminUserOrganizations, language)
        organizations = page.organizations.isEmpty ? none : page.organizations.joined(separator: ", ")
        sessionsHeading = Catalog.text(.adminUserSessions, language)
        sessions = page.sessions.map {
            SessionView(sessionDevice: $0.device, sessionMeta: $0.place + " · " + Catalog.text(.accountSessionsLastActive, language, ["time": $0.lastActive]))
        }
        noSessions = page.sessions.isEmpty ? Catalog.text(.adminUserNoSessions, language) : nil
        eventsHeading = Catalog.text(.accountSecurityHeading, language)
        events = AccountView.securityEventViews(page.events, language: language)
        actionsHeading = Catalog.text(.adminUserActions, language)
        actions = page.actions.map { ActionView(actionHref: "/admin/users/\(page.id)/\($0.rawValue)", actionLabel: $0.label(language)) }
    }
}

/// `/admin/audit`: the audit log, newest first, filtered.
public struct AdminAuditPage: Sendable {
    public struct Entry: Sendable {
        public var sequence: Int64
        public var time: String
        public var type: String
        public var actor: String?
        public var subject: String?
        public var details: String
        public var ip: String?

        public init(sequence: Int64, time: String, type: String, actor: String?, subject: String?, details: String, ip: String?) {
            self.sequence = sequence
            self.time = time
            self.type = type
            self.actor = actor
            self.subject = subject
            self.details = details
            self.ip = ip
        }
    }

    public var context: PageContext
    public var filters: [(name: String, value: String)]
    public var entries: [Entry]
    public var nextHref: String?
    public var error: String?

    public init(context: PageContext, filters: [(name: String, value: String)], entries: [Entry], nextHref: String?, error: String? = nil) {
        self.context = context
        self.filters = filters
        self.entries = entries
        self.nextHref = nextHref
        self.error = error
    }
}

struct AdminAuditView {
    struct EntryView {
        let entryHeading: String
        let entryMeta: String
        let entryDetails: String
    }

    let title: String
    let nav: AdminNavigationView
    let notice: String? = nil
    let error: String?
    let filterFields: [FieldView]
    let filterSubmit: String
    let entries: [EntryView]
    let noEntries: String?
    let nextHref: String?
    let nextLabel: String

    init(_ page: AdminAuditPage) {
        let language = page.context.language
        title = Catalog.text(.adminAuditTitle, language)
        nav = AdminNavigationView(current: "/admin/audit", language: language)
        error = page.error
        let value = { (name: String) in page.filters.first { $0.name == name }?.value ?? "" }
        filterFields = [
            ("actor", MessageKey.adminAuditFieldActor), ("subject", .adminAuditFieldSubject), ("type", .adminAuditFieldType),
            ("from", .adminAuditFieldFrom), ("to", .adminAuditFieldTo),
        ].map { name, label in
            FieldView(FormPage.Field(name: name, label: Catalog.text(label, language), value: value(name), required: false, autocomplete: "off",
                                     maxLength: 200), prefix: "audit-")
        }
        filterSubmit = Catalog.text(.adminAuditFilter, language)
        entries = page.entries.map { entry in
            EntryView(entryHeading: "#\(entry.sequence) · \(entry.type)",
                      entryMeta: [entry.time, entry.actor.map { Catalog.text(.adminAuditActor, language, ["name": $0]) },
                                  entry.subject.map { Catalog.text(.adminAuditSubject, language, ["name": $0]) }, entry.ip]
                        .compactMap { $0 }.joined(separator: " · "),
                      entryDetails: entry.details)
        }
        noEntries = page.entries.isEmpty ? Catalog.text(.adminAuditNone, language) : nil
        nextHref = page.nextHref
        nextLabel = Catalog.text(.adminNextPage, language)
    }
}

/// `/admin/queues`: every open access request (decided here, into the organisation it names or one
/// chosen) and every pending invitation, across organisations.
public struct AdminQueuesPage: Sendable {
    public struct PendingInvitation: Sendable {
        public var email: String
        public var organizationSlug: String
        public var organizationName: String
        public var invitedBy: String?
        public var expires: String

        public init(email: String, organizationSlug: String, organizationName: String, invitedBy: String?, expires: String) {
            self.email = email
            self.organizationSlug = organizationSlug
            self.organizationName = organizationName
            self.invitedBy = invitedBy
            self.expires = expires
        }
    }

    public var context: PageContext
    public var csrfToken: String
    public var requests: [OrganizationPage.RequestEntry]
    public var organizations: [(slug: String, name: String)]
    public var invitations: [PendingInvitation]

    public init(context: PageContext, csrfToken: String, requests: [OrganizationPage.RequestEntry], organizations: [(slug: String, name: String)],
                invitations: [PendingInvitation]) {
        self.context = context
        self.csrfToken = csrfToken
        self.requests = requests
        self.organizations = organizations
        self.invitations = invitations
    }
}

struct AdminQueuesView {
    struct InvitationView {
        let invitationEmail: String
        let invitationHref: String
        let invitationOrganization: String
        let invitationMeta: String
    }

    let title: String
    let nav: AdminNavigationView
    let notice: String? = nil
    let error: String? = nil
    let csrfToken: String
    let basePath = "/admin"
    let requestsHeading: String
    let requests: [RequestEntryView]
    let noRequests: String?
    let invitationsHeading: String
    let invitations: [InvitationView]
    let noInvitations: String?

    init(_ page: AdminQueuesPage) {
        let language = page.context.language
        title = Catalog.text(.adminQueuesTitle, language)
        nav = AdminNavigationView(current: "/admin/queues", language: language)
        csrfToken = page.csrfToken
        requestsHeading = Catalog.text(.adminRequestsHeading, language)
        let choices = page.organizations.map { (value: $0.slug, label: $0.name) }
        requests = page.requests.map { RequestEntryView($0, language: language, organizations: choices) }
        noRequests = page.requests.isEmpty ? Catalog.text(.organizationNoRequests, language) : nil
        invitationsHeading = Catalog.text(.adminQueuesInvitations, language)
        invitations = page.invitations.map { invitation in
            InvitationView(invitationEmail: invitation.email, invitationHref: "/organizations/" + invitation.organizationSlug,
                           invitationOrganization: invitation.organizationName,
                           invitationMeta: [invitation.invitedBy.map { Catalog.text(.adminAuditActor, language, ["name": $0]) },
                                            Catalog.text(.adminQueuesExpires, language, ["time": invitation.expires])]
                               .compactMap { $0 }.joined(separator: " · "))
        }
        noInvitations = page.invitations.isEmpty ? Catalog.text(.adminQueuesNoInvitations, language) : nil
    }
}
