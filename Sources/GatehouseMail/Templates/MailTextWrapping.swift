/// Word wrapping for the plain-text part (RFC 5322 recommends lines of at most 78 characters).
enum MailTextWrapping {
    static let width = 78

    /// Fills lines greedily with whole words. A word longer than a line (a URL) gets a line of its
    /// own and is never broken. A dash stays with the word before it and a number with the word
    /// after it, so no line starts with "—" and "24 | часа" is never split.
    static func wrap(_ text: String, firstPrefix: String = "", restPrefix: String = "") -> String {
        var lines: [String] = []
        var line = firstPrefix
        var lineHasWord = false
        for word in words(text) {
            if !lineHasWord {
                line += word
                lineHasWord = true
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = restPrefix + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    private static func words(_ text: String) -> [String] {
        var words: [String] = []
        for word in text.split(separator: " ") {
            if let previous = words.last, word == "—" || word == "–" || previous.allSatisfy(\.isNumber) {
                words[words.count - 1] = previous + " " + word
            } else {
                words.append(String(word))
            }
        }
        return words
    }
}
