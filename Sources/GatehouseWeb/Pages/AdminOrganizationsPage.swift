import GatehouseCore

/// `/admin/organizations` (role admin): every organisation with a link to its page, a form to create
/// one, a form to invite someone into a new one (the organisation is created with the invitation),
/// and the access requests that name no organisation Gatehouse knows.
public struct AdminOrganizationsPage: Sendable {
    public var context: PageContext
    public var csrfToken: String
    public var notice: String?
    public var error: String?
    public var organizations: [(slug: String, name: String)]
    public var requests: [OrganizationPage.RequestEntry]

    public init(context: PageContext, csrfToken: String, notice: String? = nil, error: String? = nil, organizations: [(slug: String, name: String)],
                requests: [OrganizationPage.RequestEntry]) {
        self.context = context
        self.csrfToken = csrfToken
        self.notice = notice
        self.error = error
        self.organizations = organizations
        self.requests = requests
    }
}

struct AdminOrganizationsView {
    struct OrganizationLink {
        let organizationHref: String
        let organizationName: String
        let organizationSlug: String
    }

    let title: String
    let notice: String?
    let error: String?
    let csrfToken: String
    let basePath = "/admin"
    let organizations: [OrganizationLink]
    let noOrganizations: String?
    let createHeading: String
    let createFields: [FieldView]
    let createSubmit: String
    let inviteHeading: String
    let inviteHint: String
    let inviteFields: [FieldView]
    let inviteSubmit: String
    let requestsHeading: String
    let requestsNote: String
    let requests: [RequestEntryView]
    let noRequests: String?

    init(_ page: AdminOrganizationsPage) {
        let language = page.context.language
        self.title = Catalog.text(.adminOrganizationsTitle, language)
        self.notice = page.notice
        self.error = page.error
        self.csrfToken = page.csrfToken
        self.organizations = page.organizations.map {
            OrganizationLink(organizationHref: "/organizations/" + $0.slug, organizationName: $0.name, organizationSlug: $0.slug)
        }
        self.noOrganizations = page.organizations.isEmpty ? Catalog.text(.adminOrganizationsNone, language) : nil
        self.createHeading = Catalog.text(.adminCreateHeading, language)
        self.createFields = [
            FieldView(FormPage.Field(name: "slug", label: Catalog.text(.fieldSlug, language), autocomplete: "off", maxLength: 40), prefix: "create-"),
            FieldView(FormPage.Field(name: "name", label: Catalog.text(.fieldOrganizationName, language), autocomplete: "off", maxLength: 100),
                      prefix: "create-"),
        ]
        self.createSubmit = Catalog.text(.adminCreateSubmit, language)
        self.inviteHeading = Catalog.text(.adminInviteNewHeading, language)
        self.inviteHint = Catalog.text(.adminInviteNewHint, language)
        self.inviteFields = [
            FieldView(FormPage.Field(name: "email", label: Catalog.text(.fieldEmail, language), kind: .email, autocomplete: "off", maxLength: 320),
                      prefix: "invite-"),
            FieldView(FormPage.Field(name: "slug", label: Catalog.text(.fieldSlug, language), autocomplete: "off", maxLength: 40), prefix: "invite-"),
            FieldView(FormPage.Field(name: "name", label: Catalog.text(.fieldOrganizationName, language), autocomplete: "off", maxLength: 100),
                      prefix: "invite-"),
            FieldView(FormPage.Field(name: "org_role", label: Catalog.text(.fieldRole, language), kind: .select, value: OrgRole.operator.rawValue,
                                     options: OrgRole.options(language)), prefix: "invite-"),
        ]
        self.inviteSubmit = Catalog.text(.organizationInviteSubmit, language)
        self.requestsHeading = Catalog.text(.adminRequestsHeading, language)
        self.requestsNote = Catalog.text(.organizationRequestsNote, language)
        let choices = page.organizations.map { (value: $0.slug, label: $0.name) }
        self.requests = page.requests.map { RequestEntryView($0, language: language, organizations: choices) }
        self.noRequests = page.requests.isEmpty ? Catalog.text(.organizationNoRequests, language) : nil
    }
}
