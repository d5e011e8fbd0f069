/// The Mustache templates of the two parts of every mail: `Resources/mail.html.mustache` and
/// `Resources/mail.txt.mustache`, embedded into the binary. What a mail says comes from
/// `MailTemplateContent`; these lay it out.
///
/// The HTML part uses tables for layout and inline styles only: mail clients drop `<style>` and
/// external CSS. There `{{name}}` is HTML-escaped. The text part starts with
/// `{{% CONTENT_TYPE: TEXT}}`, under which swift-mustache escapes nothing; sentences arrive wrapped to
/// 78 columns (`MailTextWrapping`), a link stands on a line of its own, and "-- " starts the footer,
/// as mail clients expect of a signature. (swift-mustache renders a partial as HTML again whatever
/// its caller says, so the text template uses none.)
enum MailTemplates {}

enum MailTemplateName: String, CaseIterable {
    case html
    case text

    /// The file's text without its final line end (the template's own last line end is the one
    /// before it).
    var source: String {
        let bytes = switch self {
        case .html: PackageResources.mail_html_mustache
        case .text: PackageResources.mail_txt_mustache
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
