import Foundation

/// A heading or a paragraph of the consent agreement. Text is split at blank lines; a block
/// whose first line starts with `#` is a heading (Markdown style). Single line breaks stay
/// (the stylesheet keeps them), so simple lists read as written.
struct AgreementBlock: Equatable {
    let headingText: String?
    let paragraphText: String?

    static func blocks(from text: String) -> [AgreementBlock] {
        var blocks: [AgreementBlock] = []
        var lines: [Substring] = []

        func flush() {
            defer { lines.removeAll() }
            guard let first = lines.first else { return }
            if first.hasPrefix("#") && lines.count == 1 {
                let heading = first.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                if !heading.isEmpty {
                    blocks.append(AgreementBlock(headingText: heading, paragraphText: nil))
                }
            } else {
                let paragraph = lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
                blocks.append(AgreementBlock(headingText: nil, paragraphText: paragraph))
            }
        }

        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n")
        for line in normalised.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                flush()
            } else if line.hasPrefix("#") {
                // A heading ends the block before it and stands alone.
                flush()
                lines.append(line)
                flush()
            } else {
                lines.append(line)
            }
        }
        flush()
        return blocks
    }
}
