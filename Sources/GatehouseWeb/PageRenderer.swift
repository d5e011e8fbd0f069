import HTMLEscaping
import Mustache

/// Renders the pages to complete HTML documents. Build it once at start-up and share it: it
/// holds the parsed templates and nothing else.
public struct PageRenderer: Sendable {
    private let library: MustacheLibrary
    private let templates: [String: MustacheTemplate]

    /// Parses every template. Throws `TemplateParseError` if one does not parse, which is a
    /// programming error that a test catches before release.
    public init() throws {
        var library = MustacheLibrary()
        var templates: [String: MustacheTemplate] = [:]
        for (name, text) in PageTemplates.all {
            do {
                // Every template and partial escapes through HTMLEscaping (per Unicode scalar).
                let template = try MustacheTemplate(string: HTMLEscaping.template(text))
                library.register(template, named: name)
                templates[name] = template
            } catch {
                throw TemplateParseError(templateName: name, underlying: error)
            }
        }
        self.library = library
        self.templates = templates
    }

    public func render(_ page: LoginPage) -> String {
        let view = LoginView(page)
        return render(.login, PageView(page.context, title: view.title, page: view))
    }

    public func render(_ page: SecondFactorPage) -> String {
        let view = SecondFactorView(page)
        return render(.secondFactor, PageView(page.context, title: view.title, page: view))
    }

    public func render(_ page: RecoveryPage) -> String {
        let view = RecoveryView(page)
        return render(.recovery, PageView(page.context, title: view.title, page: view))
    }

    public func render(_ page: ConsentPage) -> String {
        let view = ConsentView(page)
        return render(.consent, PageView(page.context, title: view.title, page: view))
    }

    public func render(_ page: TwoFactorSetupPage) -> String {
        let view = TwoFactorSetupView(page)
        return render(.twoFactorSetup, PageView(page.context, title: view.title, page: view))
    }

    public func render(_ page: BackupCodePage) -> String {
        let view = BackupCodeView(page)
        return render(.backupCode, PageView(page.context, title: view.title, page: view))
    }

    public func render(_ page: MessagePage) -> String {
        let view = MessageView(page)
        return render(.message, PageView(page.context, title: view.title, page: view))
    }

    public func render(_ page: AccountPage) -> String {
        let view = AccountView(page)
        return render(.account, PageView(page.context, title: view.title, page: view))
    }

    public func render(_ page: PasswordResetPage) -> String {
        let view = PasswordResetView(page)
        return render(.passwordReset, PageView(page.context, title: view.title, page: view))
    }

    public func render(_ page: PasswordResetCompletePage) -> String {
        let view = PasswordResetCompleteView(page)
        return render(.passwordResetComplete, PageView(page.context, title: view.title, page: view))
    }

    public func render(_ page: FormPage) -> String {
        let view = FormView(page)
        return render(.form, PageView(page.context, title: view.title, page: view))
    }

    public func render(_ page: OrganizationPage) -> String {
        let view = OrganizationView(page)
        return render(.organization, PageView(page.context, title: view.title, page: view))
    }

    public func render(_ page: AdminOrganizationsPage) -> String {
        let view = AdminOrganizationsView(page)
        return render(.adminOrganizations, PageView(page.context, title: view.title, page: view))
    }

    public func render(_ page: AdminUsersPage) -> String {
        let view = AdminUsersView(page)
        return render(.adminUsers, PageView(page.context, title: view.title, page: view))
    }

    public func render(_ page: AdminUserPage) -> String {
        let view = AdminUserView(page)
        return render(.adminUser, PageView(page.context, title: view.title, page: view))
    }

    public func render(_ page: AdminAuditPage) -> String {
        let view = AdminAuditView(page)
        return render(.adminAudit, PageView(page.context, title: view.title, page: view))
    }

    public func render(_ page: AdminQueuesPage) -> String {
        let view = AdminQueuesView(page)
        return render(.adminQueues, PageView(page.context, title: view.title, page: view))
    }

    private func render<Page>(_ name: PageTemplateName, _ view: PageView<Page>) -> String {
        // Every name in PageTemplateName is registered by init (a test renders each one),
        // so the empty fallback is unreachable.
        guard let template = templates[name.rawValue] else { return "" }
        return template.render(view, library: library)
    }
}

/// A built-in template failed to parse.
public struct TemplateParseError: Error, CustomStringConvertible {
    public let templateName: String
    public let underlying: any Error

    public var description: String {
        "template \(templateName) does not parse: \(underlying)"
    }
}
