import Mustache

/// HTML escaping for every value a Mustache template shows, one Unicode scalar at a time.
///
/// swift-mustache's own HTML escaping looks at `Character`s (grapheme clusters), so `"` followed by a
/// combining mark (U+0301) is one Character that matches nothing in its table and goes out unescaped,
/// closing an attribute. Looking at scalars, every `"`, `'`, `<`, `>` and `&` is replaced whatever follows it.
public enum HTMLEscaping {
    /// The content type's name in `{{% CONTENT_TYPE: … }}`.
    public static let contentTypeName = "GATEHOUSE_HTML"

    /// The pragma that makes a template escape through `escape(_:)`. It must open every template and
    /// partial: swift-mustache starts each partial with its own HTML escaping again.
    public static let pragma = "{{% CONTENT_TYPE: \(contentTypeName)}}"

    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Registers the content type (idempotent); call before parsing a template that names it.
    public static func register() {
        MustacheContentTypes.register(ScalarHTMLContentType(), named: contentTypeName)
    }

    /// `text` with the pragma in front, after registering the content type.
    public static func template(_ text: String) -> String {
        register()
        return pragma + text
    }
}

struct ScalarHTMLContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { HTMLEscaping.escape(text) }
}
