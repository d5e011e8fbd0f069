/// The backup code, shown once: after enrolment, and after a backup code was used to sign in
/// (`new_backup_code`).
public struct BackupCodePage: Sendable {
    public var context: PageContext
    public var backupCode: String
    /// Where "Continue" leads (the next sign-in step or `return_to`).
    public var continueHref: String
    /// Says that the code just used no longer works and this one replaces it.
    public var replacesUsedCode: Bool

    public init(context: PageContext, backupCode: String, continueHref: String = "/", replacesUsedCode: Bool = false) {
        self.context = context
        self.backupCode = backupCode
        self.continueHref = continueHref
        self.replacesUsedCode = replacesUsedCode
    }
}

struct BackupCodeView {
    let title: String
    let notice: String?
    let backupCode: String
    let shownOnceText: String
    let continueHref: String
    let continueLabel: String

    init(_ page: BackupCodePage) {
        let language = page.context.language
        self.title = Catalog.text(.backupCodeTitle, language)
        self.notice = page.replacesUsedCode ? Catalog.text(.backupCodeReplaced, language) : nil
        self.backupCode = page.backupCode
        self.shownOnceText = Catalog.text(.backupCodeShownOnce, language)
        self.continueHref = page.continueHref
        self.continueLabel = Catalog.text(.backupCodeContinue, language)
    }
}
