/// One (possibly multi-line) server reply: `250-first` … `250 last`.
struct SMTPReply: Sendable, Hashable {
    let code: Int
    /// The text of each line, without code and separator.
    let lines: [String]

    var message: String { lines.joined(separator: " / ") }
}
