import GatehouseCore

/// `/organizations/{slug}`: what an organisation's operators (and platform administrators) manage:
/// its members, its invitations with their state, and the access requests naming it, each with small
/// forms that post back under the organisation's path. Administrators also add, re-role and remove
/// members. What a request says was typed by a stranger and is shown escaped, never as markup.
public struct OrganizationPage: Sendable {
    public var context: PageContext
    public var csrfToken: String
    public var slug: String
    public var name: String
    public var notice: String?
    public var error: String?
    /// Platform administrators manage the membership directly.
    public var managesMembers: Bool
    public var members: [Member]
    public var invitations: [InvitationEntry]
    public var requests: [RequestEntry]
    /// What was typed into the invitation form, shown again after a refusal.
    public var inviteEmail: String

    public struct Member: Sendable {
        public var userID: String
        public var username: String
        public var email: String
        public var role: OrgRole

        public init(userID: String, username: String, email: String, role: OrgRole) {
            self.userID = userID
            self.username = username
            self.email = email
            self.role = role
        }
    }

    public struct InvitationEntry: Sendable {
        public var id: String
        public var email: String
        public var role: OrgRole
        public var state: InvitationState
        public var invitedBy: String?
        public var sent: String
        public var expires: String
        /// It gives platform roles: only an administrator revokes or resends it.
        public var carriesRoles: Bool

        public init(id: String, email: String, role: OrgRole, state: InvitationState, invitedBy: String?, sent: String, expires: String,
                    carriesRoles: Bool = false) {
            self.id = id
            self.email = email
            self.role = role
            self.state = state
            self.invitedBy = invitedBy
            self.sent = sent
            self.expires = expires
            self.carriesRoles = carriesRoles
        }
    }

    public struct RequestEntry: Sendable {
        public var id: String
        public var name: String
        public var email: String
        /// The slug as the requester typed it (the platform queue shows it).
        public var organization: String?
        public var message: String
        public var state: AccessRequestState
        public var created: String
        public var decidedBy: String?

        public init(id: String, name: String, email: String, organization: String? = nil, message: String, state: AccessRequestState, created: String,
                    decidedBy: String? = nil) {
            self.id = id
            self.name = name
            self.email = email
            self.organization = organization
            self.message = message
            self.state = state
            self.created = created
            self.decidedBy = decidedBy
        }
    }

    public init(context: PageContext, csrfToken: String, slug: String, name: String, notice: String? = nil, error: String? = nil, managesMembers: Bool,
                members: [Member], invitations: [InvitationEntry], requests: [RequestEntry], inviteEmail: String = "") {
        self.context = context
        self.csrfToken = csrfToken
        self.slug = slug
        self.name = name
        self.notice = notice
        self.error = error
        self.managesMembers = managesMembers
        self.members = members
        self.invitations = invitations
        self.requests = requests
        self.inviteEmail = inviteEmail
    }
}

extension OrgRole {
    /// "member" or "operator" in the page's language.
    public func label(_ language: Language) -> String {
        Catalog.text(self == .operator ? .orgRoleOperator : .orgRoleMember, language)
    }

    static func options(_ language: Language) -> [(value: String, label: String)] {
        allCases.map { ($0.rawValue, $0.label(language)) }
    }
}

extension InvitationState {
    func label(_ language: Language) -> String {
        switch self {
        case .pending: Catalog.text(.invitationStatePending, language)
        case .accepted: Catalog.text(.invitationStateAccepted, language)
        case .expired: Catalog.text(.invitationStateExpired, language)
        case .revoked: Catalog.text(.invitationStateRevoked, language)
        }
    }
}

extension AccessRequestState {
    func label(_ language: Language) -> String {
        switch self {
        case .open: Catalog.text(.requestStateOpen, language)
        case .approved: Catalog.text(.requestStateApproved, language)
        case .rejected: Catalog.text(.requestStateRejected, language)
        }
    }
}

/// One access request in a queue, with its approve and reject forms while it is open.
struct RequestEntryView {
    let requestID: String
    let requestName: String
    let requestEmail: String
    let requestOrganization: String?
    let requestMessage: String?
    let requestState: String
    let requestMeta: String
    let isOpen: Bool
    let roleField: FieldView
    let organizationField: FieldView?
    let approveLabel: String
    let rejectLabel: String
    let notifyLabel: String

    init(_ entry: OrganizationPage.RequestEntry, language: Language, organizations: [(value: String, label: String)]? = nil) {
        self.requestID = entry.id
        self.requestName = entry.name
        self.requestEmail = entry.email
        self.requestOrganization = entry.organization
        self.requestMessage = entry.message.isEmpty ? nil : entry.message
        self.requestState = entry.state.label(language)
        self.requestMeta = [entry.created, entry.decidedBy].compactMap { $0 }.joined(separator: " · ")
        self.isOpen = entry.state == .open
        self.roleField = FieldView(FormPage.Field(name: "org_role", label: Catalog.text(.fieldRole, language), kind: .select,
                                                  value: OrgRole.member.rawValue, options: OrgRole.options(language)), prefix: "request-\(entry.id)-")
        // Nothing chosen unless the request names an organisation that exists: one click must not invite
        // a stranger into whichever organisation sorts first.
        self.organizationField = organizations.map { choices in
            let named = choices.first { $0.value == entry.organization }?.value ?? ""
            return FieldView(FormPage.Field(name: "organization", label: Catalog.text(.adminRequestOrganization, language), kind: .select,
                                            value: named, options: [(value: "", label: "—")] + choices), prefix: "request-\(entry.id)-")
        }
        self.approveLabel = Catalog.text(.organizationApprove, language)
        self.rejectLabel = Catalog.text(.organizationReject, language)
        self.notifyLabel = Catalog.text(.organizationRejectNotify, language)
    }
}

struct OrganizationView {
    struct MemberView {
        let memberUserID: String
        let memberUsername: String
        let memberEmail: String
        let memberRole: String
    }

    struct InvitationView {
        let invitationID: String
        let invitationEmail: String
        let invitationRole: String
        let invitationState: String
        let invitationMeta: String
        let canRevoke: Bool
        let canResend: Bool
    }

    let title: String
    let notice: String?
    let error: String?
    let csrfToken: String
    let basePath: String
    let managesMembers: Bool
    let membersHeading: String
    let members: [MemberView]
    let noMembers: String?
    let removeLabel: String
    let addMemberHeading: String
    let addMemberFields: [FieldView]
    let addMemberSubmit: String
    let inviteHeading: String
    let inviteHint: String
    let inviteFields: [FieldView]
    let inviteSubmit: String
    let invitationsHeading: String
    let invitations: [InvitationView]
    let noInvitations: String?
    let revokeLabel: String
    let resendLabel: String
    let requestsHeading: String
    let requestsNote: String
    let requests: [RequestEntryView]
    let noRequests: String?

    init(_ page: OrganizationPage) {
        let language = page.context.language
        self.title = page.name
        self.notice = page.notice
        self.error = page.error
        self.csrfToken = page.csrfToken
        self.basePath = "/organizations/" + page.slug
        self.managesMembers = page.managesMembers
        self.membersHeading = Catalog.text(.organizationMembersHeading, language)
        self.members = page.members.map {
            MemberView(memberUserID: $0.userID, memberUsername: $0.username, memberEmail: $0.email, memberRole: $0.role.label(language))
        }
        self.noMembers = page.members.isEmpty ? Catalog.text(.organizationNoMembers, language) : nil
        self.removeLabel = Catalog.text(.organizationRemoveMember, language)
        self.addMemberHeading = Catalog.text(.organizationAddMemberHeading, language)
        self.addMemberFields = [
            FieldView(FormPage.Field(name: "login", label: Catalog.text(.loginFieldLogin, language), autocomplete: "off"), prefix: "member-"),
            FieldView(FormPage.Field(name: "org_role", label: Catalog.text(.fieldRole, language), kind: .select, value: OrgRole.member.rawValue,
                                     options: OrgRole.options(language)), prefix: "member-"),
        ]
        self.addMemberSubmit = Catalog.text(.organizationAddMemberSubmit, language)
        self.inviteHeading = Catalog.text(.organizationInviteHeading, language)
        self.inviteHint = Catalog.text(.organizationInviteHint, language)
        self.inviteFields = [
            FieldView(FormPage.Field(name: "email", label: Catalog.text(.fieldEmail, language), kind: .email, value: page.inviteEmail,
                                     autocomplete: "off", maxLength: 320), prefix: "invite-"),
            FieldView(FormPage.Field(name: "org_role", label: Catalog.text(.fieldRole, language), kind: .select, value: OrgRole.member.rawValue,
                                     options: OrgRole.options(language)), prefix: "invite-"),
        ]
        self.inviteSubmit = Catalog.text(.organizationInviteSubmit, language)
        self.invitationsHeading = Catalog.text(.organizationInvitationsHeading, language)
        self.invitations = page.invitations.map { entry in
            InvitationView(
                invitationID: entry.id, invitationEmail: entry.email, invitationRole: entry.role.label(language),
                invitationState: entry.state.label(language),
                invitationMeta: Catalog.text(.organizationInvitationMeta, language, ["time": entry.sent, "name": entry.invitedBy ?? "—", "expires": entry.expires]),
                canRevoke: (entry.state == .pending || entry.state == .expired) && (!entry.carriesRoles || page.managesMembers),
                canResend: (entry.state == .pending || entry.state == .expired) && (!entry.carriesRoles || page.managesMembers))
        }
        self.noInvitations = page.invitations.isEmpty ? Catalog.text(.organizationNoInvitations, language) : nil
        self.revokeLabel = Catalog.text(.organizationRevoke, language)
        self.resendLabel = Catalog.text(.organizationResend, language)
        self.requestsHeading = Catalog.text(.organizationRequestsHeading, language)
        self.requestsNote = Catalog.text(.organizationRequestsNote, language)
        self.requests = page.requests.map { RequestEntryView($0, language: language) }
        self.noRequests = page.requests.isEmpty ? Catalog.text(.organizationNoRequests, language) : nil
    }
}
