import GatehouseCore

/// Pages, mails and problems share Core's `Language`; its raw value is the `lang` attribute, the
/// `gatehouse_lang` cookie value and the `?lang=` parameter. What the language selector shows:
extension Language {
    /// The language's own name.
    public var nativeName: String {
        switch self {
        case .en: Catalog.text(.languageNameEnglish, self)
        case .ru: Catalog.text(.languageNameRussian, self)
        }
    }

    /// The short code ("EN", "RU").
    public var code: String {
        switch self {
        case .en: Catalog.text(.languageCodeEnglish, self)
        case .ru: Catalog.text(.languageCodeRussian, self)
        }
    }
}
