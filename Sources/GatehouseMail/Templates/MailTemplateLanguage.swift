import GatehouseCore

extension Language {
    /// "ru" (also "RU", "ru-RU", "ru_RU") is Russian; any other tag falls back to English.
    init(tag: String) {
        let primary = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() }
        self = primary == "ru" ? .ru : .en
    }
}
