/// What a mail says, before it is laid out as plain text or HTML: both parts are rendered from
/// the same content, so they never say different things.
struct MailTemplateContent: Sendable, Equatable {
    var subject: String
    var greeting: String
    var blocks: [MailTemplateBlock]
}

/// One piece of a mail's body, in reading order.
enum MailTemplateBlock: Sendable, Equatable {
    case paragraph(MailTemplateSentence)
    /// Shown prominently (a framed box in HTML): the support address in the lockout mail.
    case notice(MailTemplateSentence)
    /// A link: a button and the plain URL below it in HTML, the URL on its own line in text.
    case action(label: String, url: String)
    /// Label and value rows (time, place, device); rows without a value are not here.
    case details([MailTemplateDetail])
    /// Numbered steps.
    case steps([String])
}

/// A sentence that may name the support address. The address sits between `before` and `after`
/// so that the HTML part can link it while both halves stay escaped.
struct MailTemplateSentence: Sendable, Equatable {
    var before: String
    var email: String?
    var after: String

    init(_ text: String) {
        self.before = text
        self.email = nil
        self.after = ""
    }

    init(before: String, email: String, after: String) {
        self.before = before
        self.email = email
        self.after = after
    }

    var plainText: String { before + (email ?? "") + after }
}

struct MailTemplateDetail: Sendable, Equatable {
    var label: String
    var value: String
}
