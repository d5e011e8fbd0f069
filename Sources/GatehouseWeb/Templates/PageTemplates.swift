/// The Mustache templates: files in `Resources/templates`, embedded into the binary by SwiftPM
/// (`.embedInCode`), so a binary copied anywhere serves every page. Each page template fills the
/// layout's `main` block (`{{<layout}}{{$main}}…{{/main}}{{/layout}}`); `feedback` and `step-fields`
/// are partials.
///
/// `{{name}}` is HTML-escaped; `{{{name}}}` is not and appears only for the generated QR SVG.
enum PageTemplates {
    static let all: [(name: String, text: String)] = [
        // Every page's frame. Referrer-Policy `strict-origin`: requests from a page send only the origin as
        // Referer, never the path and query, so a mailed link's token does not travel in a Referer header. Not
        // `no-referrer`: under that policy Chromium sends `Origin: null` with form posts, which the CSRF check
        // must refuse.
        ("layout", PackageResources.layout_mustache),
        // Partial: a page's `notice` (polite status) and `error` (alert); both optional.
        ("feedback", PackageResources.feedback_mustache),
        // Partial: the hidden fields of a sign-in form, the page's `csrfToken` and `returnTo` when set.
        ("step-fields", PackageResources.step_fields_mustache),
        ("login", PackageResources.login_mustache),
        // Two forms to the same path: the TOTP `code`, and below it the `backup_code` for someone without
        // their phone at hand. Each carries its own CSRF token and `return_to`. The backup code is letters and
        // digits, so its field is not numeric.
        ("second-factor", PackageResources.second_factor_mustache),
        ("recovery", PackageResources.recovery_mustache),
        // The agreement is escaped text in blocks (headings and paragraphs), never HTML from the file.
        ("consent", PackageResources.consent_mustache),
        // `{{{qrSVG}}}` is the one unescaped value: SVG that Gatehouse generated itself.
        ("two-factor-setup", PackageResources.two_factor_setup_mustache),
        ("backup-code", PackageResources.backup_code_mustache),
        // A title, paragraphs, and optionally one button (a POST form) and one link.
        ("message", PackageResources.message_mustache),
        // `/account`: the profile, one form per change (each posts to its own path), the two-factor section
        // when the page has one, and the sessions of the account, each with a button to end it. Inputs that
        // share a name across forms (`current_password`, `code`) get ids prefixed with their form's name.
        ("account", PackageResources.account_mustache),
        // `/password-reset`: one email field; the notes say what to expect from the mail.
        ("password-reset", PackageResources.password_reset_mustache),
        // `/password-reset/complete`: the token travels in a hidden field; the password's rules and any
        // reasons it was refused are tied to the field with `aria-describedby`.
        ("password-reset-complete", PackageResources.password_reset_complete_mustache),
        // Partial: one labelled field of a `FieldView` (input, textarea or select), its hint tied with `aria-describedby`.
        ("field", PackageResources.field_mustache),
        // A title, paragraphs and one form of `FieldView`s (`/access-request`, `/register`).
        ("form", PackageResources.form_mustache),
        // Partial: one access request in a queue, with approve and reject forms while it is open. Everything but
        // its state was typed by a stranger, and is escaped like every value.
        ("request-entry", PackageResources.request_entry_mustache),
        // `/organizations/{slug}`: members, the invitation form and list, and the access requests naming it.
        ("organization", PackageResources.organization_mustache),
        // `/admin/organizations`: every organisation, creating one, inviting into a new one, and the requests naming none.
        ("admin-organizations", PackageResources.admin_organizations_mustache),
        // The support console: finding users, one user with the actions on them (each confirmed on a form
        // page naming the account), and the audit log.
        ("admin-users", PackageResources.admin_users_mustache),
        ("admin-user", PackageResources.admin_user_mustache),
        ("admin-audit", PackageResources.admin_audit_mustache),
        ("admin-queues", PackageResources.admin_queues_mustache),
    ].map { name, bytes in
        // The file's final line end is not part of the template.
        let text = String(decoding: bytes, as: UTF8.self)
        return (name, text.hasSuffix("\n") ? String(text.dropLast()) : text)
    }
}

/// The templates a page can be rendered with (the layout is only a parent).
enum PageTemplateName: String, CaseIterable {
    case login
    case secondFactor = "second-factor"
    case recovery
    case consent
    case twoFactorSetup = "two-factor-setup"
    case backupCode = "backup-code"
    case message
    case account
    case passwordReset = "password-reset"
    case passwordResetComplete = "password-reset-complete"
    case form
    case organization
    case adminOrganizations = "admin-organizations"
    case adminUsers = "admin-users"
    case adminUser = "admin-user"
    case adminAudit = "admin-audit"
    case adminQueues = "admin-queues"
}
