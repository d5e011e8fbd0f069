import Foundation

/// Builds one header field, folding between tokens so lines stay within 78 characters where
/// possible, and producing RFC 2047 encoded-words (`=?UTF-8?B?…?=`) that never exceed 75
/// characters, never split a UTF-8 sequence, and keep their lines within 76 characters.
struct HeaderFolder {
    static let softLimit = 78
    static let encodedWordLineLimit = 76
    private static let encodedWordOverhead = "=?UTF-8?B?".utf8.count + "?=".utf8.count

    private(set) var text: String
    private var lineLength: Int
    private var hasToken = false

    init(name: String) {
        text = name + ":"
        lineLength = text.utf8.count
    }

    /// The folded field, terminated by CRLF.
    var field: String { text + "\r\n" }

    /// Appends an unbreakable ASCII token, preceded by a space or a fold.
    mutating func appendToken(_ token: String) {
        if hasToken && lineLength + 1 + token.utf8.count > Self.softLimit {
            fold()
        }
        text += " " + token
        lineLength += 1 + token.utf8.count
        hasToken = true
    }

    /// Appends characters directly after the previous token (e.g. a list separator ",").
    mutating func appendSuffix(_ suffix: String) {
        text += suffix
        lineLength += suffix.utf8.count
    }

    /// Appends `value` as one or more encoded-words. Words break after a space where possible:
    /// RFC 2047 decoders drop the whitespace between words, but some (Python's address parser)
    /// keep it, so a break inside a word would show up as a stray space there. With
    /// `preferSingleWord`, a value that fits one word on a fresh line is moved there whole.
    mutating func appendEncodedWords(_ value: String, preferSingleWord: Bool = false) {
        let scalars = Array(value.unicodeScalars)
        if preferSingleWord, hasToken, value.utf8.count <= Self.freshLineBudget, value.utf8.count > currentLineBudget {
            fold()
        }
        var start = 0
        while start < scalars.count {
            var chunk = Self.chunkEnd(scalars, from: start, budget: currentLineBudget)
            // Rather than break inside a word (or fit nothing), continue on a fresh line.
            if chunk.end == start || (!chunk.atSpace && chunk.end < scalars.count && hasToken && lineLength > 1) {
                fold()
                chunk = Self.chunkEnd(scalars, from: start, budget: Self.freshLineBudget)
            }
            let end = chunk.end
            let bytes = scalars[start..<end].flatMap { Array(String($0).utf8) }
            let word = "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
            text += " " + word
            lineLength += 1 + word.utf8.count
            hasToken = true
            start = end
        }
    }

    /// The end of the longest run of whole scalars from `start` within `budget` bytes, cut back
    /// to just after its last space when the run does not reach the end of the value.
    private static func chunkEnd(_ scalars: [Unicode.Scalar], from start: Int, budget: Int) -> (end: Int, atSpace: Bool) {
        var end = start
        var bytes = 0
        var afterLastSpace: Int?
        while end < scalars.count, bytes + scalars[end].utf8.count <= budget {
            bytes += scalars[end].utf8.count
            end += 1
            if scalars[end - 1] == " " { afterLastSpace = end }
        }
        if end < scalars.count, let afterLastSpace {
            return (afterLastSpace, true)
        }
        return (end, false)
    }

    /// Payload bytes of a word that fits on the current line after a separating space.
    private var currentLineBudget: Int { Self.maxPayloadBytes(room: Self.encodedWordLineLimit - lineLength - 1) }

    /// Payload bytes of a word on a fresh continuation line (45).
    private static let freshLineBudget = maxPayloadBytes(room: encodedWordLineLimit - 1)

    /// How many bytes fit in an encoded-word of at most `room` characters (and at most 75).
    private static func maxPayloadBytes(room: Int) -> Int {
        let wordLength = min(room, 75)
        let base64Characters = max(0, wordLength - encodedWordOverhead) / 4 * 4
        return base64Characters / 4 * 3
    }

    private mutating func fold() {
        text += "\r\n"
        lineLength = 0
    }
}

extension HeaderFolder {
    /// Appends a display name: a quoted-string for ASCII, encoded-words otherwise.
    mutating func appendPhrase(_ phrase: String) {
        if phrase.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) && !phrase.contains("=?") {
            let escaped = phrase.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"")
            appendToken("\"\(escaped)\"")
        } else {
            appendEncodedWords(phrase, preferSingleWord: true)
        }
    }

    /// Appends `Name <address>` or `<address>`.
    mutating func appendMailbox(_ mailbox: MailAddress) {
        if let name = mailbox.displayName {
            appendPhrase(name)
        }
        appendToken("<\(mailbox.wireAddress)>")
    }
}
