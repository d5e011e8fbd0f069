/// `/login`: username or email and password.
public struct LoginPage: Sendable {
    public var context: PageContext
    public var csrfToken: String
    /// Already validated `return_to`, carried through the form.
    public var returnTo: String?
    /// What the user typed, shown again after a failed attempt.
    public var login: String
    /// A localised error, e.g. `Catalog.text(.errorInvalidCredentials, language)`.
    public var error: String?
    /// A localised notice, e.g. `Catalog.sessionExpiredMessage(idleMinutes: 60, language)`.
    public var notice: String?
    public var showsAccessRequestLink: Bool

    public init(
        context: PageContext,
        csrfToken: String,
        returnTo: String? = nil,
        login: String = "",
        error: String? = nil,
        notice: String? = nil,
        showsAccessRequestLink: Bool = true
    ) {
        self.context = context
        self.csrfToken = csrfToken
        self.returnTo = returnTo
        self.login = login
        self.error = error
        self.notice = notice
        self.showsAccessRequestLink = showsAccessRequestLink
    }
}

struct LoginView {
    let title: String
    let notice: String?
    let error: String?
    let csrfToken: String
    let returnTo: String?
    let login: String
    let loginLabel: String
    let passwordLabel: String
    let submitLabel: String
    let forgotPasswordLabel: String
    let requestAccessLabel: String?

    init(_ page: LoginPage) {
        let language = page.context.language
        self.title = Catalog.text(.loginTitle, language)
        self.notice = page.notice
        self.error = page.error
        self.csrfToken = page.csrfToken
        self.returnTo = page.returnTo
        self.login = page.login
        self.loginLabel = Catalog.text(.loginFieldLogin, language)
        self.passwordLabel = Catalog.text(.loginFieldPassword, language)
        self.submitLabel = Catalog.text(.loginSubmit, language)
        self.forgotPasswordLabel = Catalog.text(.loginForgotPassword, language)
        self.requestAccessLabel = page.showsAccessRequestLink ? Catalog.text(.loginRequestAccess, language) : nil
    }
}
