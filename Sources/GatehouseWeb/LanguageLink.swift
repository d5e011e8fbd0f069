import GatehouseCore
import Foundation

/// A link in the language selector: the current page again, in `language`.
public struct LanguageLink: Sendable, Equatable {
    public var language: Language
    /// Path and query, e.g. `/login?return_to=%2Faccount&lang=ru`. HTML escaping is the template's job.
    public var href: String

    public init(language: Language, href: String) {
        self.language = language
        self.href = href
    }

    /// One link per language to `path`, keeping every parameter of `query` (the raw, still
    /// percent-encoded query string of the request, without `?`) except `lang`, which is set anew.
    ///
    /// A `path` that is not a plain local path (empty, `//host`, `/\host`, a full URL) gives links
    /// relative to the current page (`?lang=ru`), so the selector can never point to another origin.
    public static func links(path: String, query: String?) -> [LanguageLink] {
        let base = localPath(path)
        let kept = (query ?? "")
            .split(separator: "&", omittingEmptySubsequences: true)
            .filter { parameterName(of: $0) != "lang" }
            .map(String.init)
        return Language.allCases.map { language in
            let parameters = kept + ["lang=\(language.rawValue)"]
            return LanguageLink(language: language, href: base + "?" + parameters.joined(separator: "&"))
        }
    }

    /// Same as `links(path:query:)`, from decoded parameters (e.g. a `return_to` that came in a form
    /// body rather than in the URL). Names and values are percent-encoded here.
    public static func links(path: String, parameters: [(name: String, value: String)]) -> [LanguageLink] {
        let query = parameters
            .map { "\(percentEncoded($0.name))=\(percentEncoded($0.value))" }
            .joined(separator: "&")
        return links(path: path, query: query)
    }

    private static func localPath(_ path: String) -> String {
        let withoutQuery = path.prefix { $0 != "?" && $0 != "#" }
        guard withoutQuery.first == "/" else { return "" }
        let second = withoutQuery.dropFirst().first
        if second == "/" || second == "\\" { return "" }
        return String(withoutQuery)
    }

    private static func parameterName(of parameter: Substring) -> String {
        let name = parameter.prefix { $0 != "=" }
        return String(name).removingPercentEncoding ?? String(name)
    }

    /// RFC 3986 unreserved characters stay as they are, and so does `/` to keep paths readable.
    private static let queryValueAllowed = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/"
    )

    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: queryValueAllowed) ?? ""
    }
}
