/// A title and a few paragraphs, with an optional button and link: signed out, "check your mail",
/// and the confirm step of mailed links (`/verify-email`, `/unlock`), where the GET shows a button
/// and only the POST consumes the token. All texts are passed localised (see `Catalog`).
public struct MessagePage: Sendable {
    public var context: PageContext
    public var title: String
    public var paragraphs: [String]
    /// A polite status above the paragraphs.
    public var notice: String?
    /// An alert above the paragraphs (e.g. `Catalog.text(.errorTokenInvalidOrExpired, language)`).
    public var error: String?
    public var form: Form?
    public var link: Link?

    /// A button that posts `hiddenFields` to `action`.
    public struct Form: Sendable {
        public var action: String
        public var hiddenFields: [HiddenField]
        public var buttonLabel: String

        public init(action: String, hiddenFields: [HiddenField], buttonLabel: String) {
            self.action = action
            self.hiddenFields = hiddenFields
            self.buttonLabel = buttonLabel
        }
    }

    public struct HiddenField: Sendable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public struct Link: Sendable {
        public var href: String
        public var label: String

        public init(href: String, label: String) {
            self.href = href
            self.label = label
        }
    }

    public init(
        context: PageContext,
        title: String,
        paragraphs: [String] = [],
        notice: String? = nil,
        error: String? = nil,
        form: Form? = nil,
        link: Link? = nil
    ) {
        self.context = context
        self.title = title
        self.paragraphs = paragraphs
        self.notice = notice
        self.error = error
        self.form = form
        self.link = link
    }
}

struct MessageView {
    let title: String
    let notice: String?
    let error: String?
    let paragraphs: [String]
    let form: MessagePage.Form?
    let link: MessagePage.Link?

    init(_ page: MessagePage) {
        self.title = page.title
        self.notice = page.notice
        self.error = page.error
        self.paragraphs = page.paragraphs
        self.form = page.form
        self.link = page.link
    }
}
