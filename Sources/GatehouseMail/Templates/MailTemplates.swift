/// The Mustache templates of the two parts of every mail, compiled into the binary. What a mail
/// says comes from `MailTemplateContent`; these lay it out.
///
/// In `html`, `{{name}}` is HTML-escaped. `text` starts with `{{% CONTENT_TYPE: TEXT}}`, under
/// which swift-mustache escapes nothing. (swift-mustache renders a partial as HTML again whatever
/// its caller says, so the text template uses none.)
enum MailTemplates {}

enum MailTemplateName: String, CaseIterable {
    case html
    case text

    var source: String {
        switch self {
        case .html: MailTemplates.html
        case .text: MailTemplates.text
        }
    }
}
