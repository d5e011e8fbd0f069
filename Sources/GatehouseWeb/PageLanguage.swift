/// A language the pages are available in. The raw value is the `lang` attribute, the
/// `gatehouse_lang` cookie value and the `?lang=` parameter.
public enum PageLanguage: String, CaseIterable, Sendable {
    case en
    case ru

    /// The language's own name, as the language selector shows it.
    public var nativeName: String {
        switch self {
        case .en: Catalog.text(.languageNameEnglish, self)
        case .ru: Catalog.text(.languageNameRussian, self)
        }
    }

    /// The short code the language selector shows ("EN", "RU").
    public var code: String {
        switch self {
        case .en: Catalog.text(.languageCodeEnglish, self)
        case .ru: Catalog.text(.languageCodeRussian, self)
        }
    }
}
