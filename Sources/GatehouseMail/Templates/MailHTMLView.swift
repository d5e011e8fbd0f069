/// What `MailTemplates.html` is rendered with. A block has exactly one non-nil member; names never
/// repeat between levels, because Mustache looks a nil name up in the enclosing objects.
struct MailHTMLView {
    struct Block {
        var paragraph: Sentence?
        var notice: Sentence?
        var action: Action?
        var details: Details?
        var steps: Steps?
    }

    struct Sentence {
        let before: String
        let mailto: String?
        let after: String

        init(_ sentence: MailTemplateSentence) {
            self.before = sentence.before
            self.mailto = sentence.email
            self.after = sentence.after
        }
    }

    struct Action {
        let label: String
        let url: String
        let fallback: String
    }

    struct Details {
        let rows: [MailTemplateDetail]
    }

    struct Steps {
        let items: [String]
    }

    let lang: String
    let title: String
    let productName: String
    let greeting: String
    let blocks: [Block]
    let sentBy: String
    let supportLine: Sentence?

    init(_ content: MailTemplateContent, subject: String, writer: MailTemplateWriter) {
        lang = writer.language.rawValue
        title = subject
        productName = MailTemplateValues.singleLine(writer.branding.productName)
        greeting = content.greeting
        let fallback = writer.text(.linkFallback)
        blocks = content.blocks.compactMap { block in
            switch block {
            case .paragraph(let sentence): Block(paragraph: Sentence(sentence))
            case .notice(let sentence): Block(notice: Sentence(sentence))
            case .action(let label, let url): Block(action: Action(label: label, url: url, fallback: fallback))
            case .details(let rows): rows.isEmpty ? nil : Block(details: Details(rows: rows))
            case .steps(let items): items.isEmpty ? nil : Block(steps: Steps(items: items))
            }
        }
        sentBy = writer.text(.footerSentBy)
        supportLine = writer.supportSentence(.footerSupport).map(Sentence.init)
    }
}
