/// A mail ready for the SMTP layer, which encodes the subject and both parts.
public struct ComposedMail: Sendable, Equatable {
    /// One line: never contains CR, LF or another line break.
    public var subject: String
    /// The plain-text part: LF line endings, lines of at most 78 characters where the words allow
    /// (a URL longer than that stands on a line of its own).
    public var text: String
    /// The HTML part: a complete document with inline styles only, no scripts and no images.
    public var html: String

    public init(subject: String, text: String, html: String) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}
