import GatehouseCore

/// A page with one form: a title, a few paragraphs, fields and a submit button (`/access-request`,
/// `/register`). All texts are passed localised (see `Catalog`); what a person typed comes back in the
/// fields' `value`, escaped like everything else.
public struct FormPage: Sendable {
    public var context: PageContext
    public var title: String
    public var paragraphs: [String]
    public var notice: String?
    public var error: String?
    public var action: String
    public var csrfToken: String
    public var hiddenFields: [MessagePage.HiddenField]
    public var fields: [Field]
    public var submitLabel: String
    public var links: [MessagePage.Link]

    public struct Field: Sendable {
        public enum Kind: String, Sendable {
            case text, email, password, textarea, select
        }

        public var name: String
        public var label: String
        public var kind: Kind
        public var value: String
        public var hint: String?
        public var required: Bool
        public var readOnly: Bool
        public var autocomplete: String?
        public var maxLength: Int?
        /// For `select`: value and localised label of each option; `value` is the selected one.
        public var options: [(value: String, label: String)]

        public init(name: String, label: String, kind: Kind = .text, value: String = "", hint: String? = nil, required: Bool = true,
                    readOnly: Bool = false, autocomplete: String? = nil, maxLength: Int? = nil, options: [(value: String, label: String)] = []) {
            self.name = name
            self.label = label
            self.kind = kind
            self.value = value
            self.hint = hint
            self.required = required
            self.readOnly = readOnly
            self.autocomplete = autocomplete
            self.maxLength = maxLength
            self.options = options
        }
    }

    public init(context: PageContext, title: String, paragraphs: [String] = [], notice: String? = nil, error: String? = nil, action: String,
                csrfToken: String, hiddenFields: [MessagePage.HiddenField] = [], fields: [Field], submitLabel: String, links: [MessagePage.Link] = []) {
        self.context = context
        self.title = title
        self.paragraphs = paragraphs
        self.notice = notice
        self.error = error
        self.action = action
        self.csrfToken = csrfToken
        self.hiddenFields = hiddenFields
        self.fields = fields
        self.submitLabel = submitLabel
        self.links = links
    }
}

struct FieldView {
    let id: String
    let name: String
    let label: String
    let type: String
    let value: String
    let hint: String?
    let hintID: String?
    let required: Bool
    let readOnly: Bool
    let autocomplete: String?
    let maxLength: String?
    let isTextarea: Bool
    let isSelect: Bool
    let isInput: Bool
    let options: [OptionView]

    struct OptionView {
        let value: String
        let label: String
        let selected: Bool
    }

    init(_ field: FormPage.Field, prefix: String = "") {
        self.id = prefix + field.name
        self.name = field.name
        self.label = field.label
        self.type = field.kind.rawValue
        self.value = field.value
        self.hint = field.hint
        self.hintID = field.hint.map { _ in prefix + field.name + "-hint" }
        self.required = field.required
        self.readOnly = field.readOnly
        self.autocomplete = field.autocomplete
        self.maxLength = field.maxLength.map(String.init)
        self.isTextarea = field.kind == .textarea
        self.isSelect = field.kind == .select
        self.isInput = !isTextarea && !isSelect
        self.options = field.options.map { OptionView(value: $0.value, label: $0.label, selected: $0.value == field.value) }
    }
}

struct FormView {
    let title: String
    let notice: String?
    let error: String?
    let paragraphs: [String]
    let action: String
    let csrfToken: String
    let hiddenFields: [MessagePage.HiddenField]
    let fields: [FieldView]
    let submitLabel: String
    let links: [MessagePage.Link]
    let hasLinks: Bool

    init(_ page: FormPage) {
        self.title = page.title
        self.notice = page.notice
        self.error = page.error
        self.paragraphs = page.paragraphs
        self.action = page.action
        self.csrfToken = page.csrfToken
        self.hiddenFields = page.hiddenFields
        self.fields = page.fields.map { FieldView($0) }
        self.submitLabel = page.submitLabel
        self.links = page.links
        self.hasLinks = !page.links.isEmpty
    }
}
