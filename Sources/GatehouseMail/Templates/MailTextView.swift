/// What `MailTemplates.text` is rendered with: every sentence already wrapped to
/// `MailTextWrapping.width` columns. A block has exactly one non-nil member.
struct MailTextView {
    struct Block {
        var paragraph: String?
        var url: String?
        var rows: [String]?
        var steps: [String]?
    }

    let greeting: String
    let blocks: [Block]
    let footer: [String]

    init(_ content: MailTemplateContent, writer: MailTemplateWriter) {
        greeting = MailTextWrapping.wrap(content.greeting)
        blocks = content.blocks.compactMap { block in
            switch block {
            case .paragraph(let sentence), .notice(let sentence):
                Block(paragraph: MailTextWrapping.wrap(sentence.plainText))
            case .action(_, let url):
                Block(url: url)
            case .details(let rows):
                rows.isEmpty ? nil : Block(rows: Self.table(rows))
            case .steps(let items):
                items.isEmpty ? nil : Block(steps: Self.numbered(items))
            }
        }
        var footer = [MailTextWrapping.wrap(writer.text(.footerSentBy))]
        if let support = writer.supportSentence(.footerSupport) {
            footer.append(MailTextWrapping.wrap(support.plainText))
        }
        self.footer = footer
    }

    /// "Time:        2026-11-23 17:30 UTC", values aligned after the longest label.
    private static func table(_ rows: [MailTemplateDetail]) -> [String] {
        let labelWidth = (rows.map(\.label.count).max() ?? 0) + 3
        return rows.map { row in
            let label = row.label + ":" + String(repeating: " ", count: labelWidth - row.label.count - 1)
            return MailTextWrapping.wrap(row.value, firstPrefix: label, restPrefix: String(repeating: " ", count: labelWidth))
        }
    }

    /// "1. Install …", continued lines indented under the text.
    private static func numbered(_ items: [String]) -> [String] {
        items.enumerated().map { index, item in
            let number = "\(index + 1). "
            return MailTextWrapping.wrap(item, firstPrefix: number, restPrefix: String(repeating: " ", count: number.count))
        }
    }
}
