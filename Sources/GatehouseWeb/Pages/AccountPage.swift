/// `/account`: the signed-in person and their sessions.
public struct AccountPage: Sendable {
    public struct SessionEntry: Sendable {
        public var id: String
        public var current: Bool
        /// "Firefox 128 · Windows 10", or nil when unknown.
        public var device: String?
        /// "Linköping, Sweden" in the page's language, or nil when unknown.
        public var location: String?
        public var ip: String?
        /// Already formatted, e.g. "2026-11-23 17:30 UTC".
        public var signedIn: String
        public var lastActive: String

        public init(id: String, current: Bool, device: String?, location: String?, ip: String?, signedIn: String, lastActive: String) {
            self.id = id
            self.current = current
            self.device = device
            self.location = location
            self.ip = ip
            self.signedIn = signedIn
            self.lastActive = lastActive
        }
    }

    public var context: PageContext
    public var username: String
    public var csrfToken: String
    public var sessions: [SessionEntry]
    public var notice: String?
    public var error: String?

    public init(context: PageContext, username: String, csrfToken: String, sessions: [SessionEntry], notice: String? = nil, error: String? = nil) {
        self.context = context
        self.username = username
        self.csrfToken = csrfToken
        self.sessions = sessions
        self.notice = notice
        self.error = error
    }
}

struct AccountView {
    struct Entry {
        let id: String
        let current: Bool
        let currentLabel: String
        let device: String
        let location: String
        let ip: String
        let signedIn: String
        let lastActive: String
        let csrfToken: String
        let revokeLabel: String
    }

    let title: String
    let notice: String?
    let error: String?
    let signedInAs: String
    let sessionsHeading: String
    let sessionsIntro: String
    let sessions: [Entry]
    let hasOthers: Bool
    let csrfToken: String
    let revokeOthersLabel: String

    init(_ page: AccountPage) {
        let language = page.context.language
        title = Catalog.text(.accountTitle, language)
        notice = page.notice
        error = page.error
        signedInAs = Catalog.text(.accountSignedInAs, language, ["username": page.username])
        sessionsHeading = Catalog.text(.accountSessions, language)
        sessionsIntro = Catalog.text(.accountSessionsIntro, language)
        sessions = page.sessions.map { session in
            Entry(
                id: session.id, current: session.current, currentLabel: Catalog.text(.accountSessionsCurrent, language),
                device: session.device ?? Catalog.text(.accountSessionsDeviceUnknown, language),
                location: session.location ?? Catalog.text(.accountSessionsLocationUnknown, language),
                ip: session.ip ?? "—",
                signedIn: Catalog.text(.accountSessionsSignedIn, language, ["time": session.signedIn]),
                lastActive: Catalog.text(.accountSessionsLastActive, language, ["time": session.lastActive]),
                csrfToken: page.csrfToken, revokeLabel: Catalog.text(.accountSessionsRevoke, language))
        }
        hasOthers = page.sessions.contains { !$0.current }
        csrfToken = page.csrfToken
        revokeOthersLabel = Catalog.text(.accountSessionsRevokeOthers, language)
    }
}
