import GatehouseCore
import HTMLEscaping
import Mustache

/// Writes Gatehouse's mails (plain text and HTML, English and Russian) from an outbox entry's kind
/// and values. Build it once at start-up and share it: it holds the parsed templates and the branding.
public struct MailComposer: Sendable {
    /// Every kind `compose(kind:language:values:)` knows, as the outbox names them.
    public static let kinds: [String] = MailTemplateKind.allCases.map(\.rawValue)

    private let branding: MailBranding
    private let html: MustacheTemplate
    private let text: MustacheTemplate

    /// Parses every template. Throws `MailTemplateParseError` if one does not parse, which is a
    /// programming error that a test catches before release.
    public init(branding: MailBranding) throws {
        self.branding = branding
        self.html = try Self.parse(.html)
        self.text = try Self.parse(.text)
    }

    /// Composes one mail.
    /// - Parameters:
    ///   - kind: one of `MailComposer.kinds`, else `MailComposerError.unknownKind`.
    ///   - language: "en" or "ru" ("ru-RU" too); anything else gives English.
    ///   - values: the kind's values, already formatted; a required one absent or blank throws
    ///     `MailComposerError.missingValue`. Line breaks inside a value become spaces.
    public func compose(kind: String, language: String, values: [String: String]) throws -> ComposedMail {
        guard let kind = MailTemplateKind(rawValue: kind) else { throw MailComposerError.unknownKind(kind) }
        let values = MailTemplateValues(values)
        try values.check(kind)
        let writer = MailTemplateWriter(language: Language(tag: language), branding: branding, values: values)
        let content = kind.content(writer)
        let subject = Self.subjectLine(content.subject)
        return ComposedMail(
            subject: subject,
            text: text.render(MailTextView(content, writer: writer)),
            html: html.render(MailHTMLView(content, subject: subject, writer: writer))
        )
    }

    private static func parse(_ name: MailTemplateName) throws -> MustacheTemplate {
        do {
            // The HTML part escapes through HTMLEscaping (per Unicode scalar); the text part escapes nothing.
            return try MustacheTemplate(string: name == .html ? HTMLEscaping.template(name.source) : name.source)
        } catch {
            throw MailTemplateParseError(templateName: name.rawValue, underlying: error)
        }
    }

    /// Values are single lines already; this keeps the subject one line even if a sentence or the
    /// product name ever carried a break, since a line break in a header starts a new header.
    static func subjectLine(_ subject: String) -> String {
        MailTemplateValues.singleLine(subject)
    }
}

/// A built-in mail template failed to parse.
struct MailTemplateParseError: Error, CustomStringConvertible {
    let templateName: String
    let underlying: any Error

    var description: String {
        "mail template \(templateName) does not parse: \(underlying)"
    }
}
