import GatehouseCore
/// Writes the sentences of one mail: fills every `{name}` from the mail's values, the product
/// name and any extra arguments, in the mail's language.
struct MailTemplateWriter: Sendable {
    let language: Language
    let branding: MailBranding
    let values: MailTemplateValues

    func text(_ key: MailTemplateText, _ extra: [String: String] = [:]) -> String {
        key.text(language, arguments(extra))
    }

    func paragraph(_ key: MailTemplateText, _ extra: [String: String] = [:]) -> MailTemplateBlock {
        .paragraph(MailTemplateSentence(text(key, extra)))
    }

    /// `withSupport` when a support address is configured (it carries `{email}`), else `withoutSupport`.
    func contact(withSupport: MailTemplateText, withoutSupport: MailTemplateText) -> MailTemplateBlock {
        guard let sentence = supportSentence(withSupport) else { return paragraph(withoutSupport) }
        return .paragraph(sentence)
    }

    /// The sentence split around `{email}` (split before filling, so a value containing "{email}"
    /// stays text), or nil when no support address is configured.
    func supportSentence(_ key: MailTemplateText) -> MailTemplateSentence? {
        guard let email = branding.supportEmail.map(MailTemplateValues.singleLine), !email.isEmpty else { return nil }
        let parts = key.template(language).split(separator: "{email}", omittingEmptySubsequences: false)
        let filled = parts.map { MailTemplateText.fill(String($0), arguments([:])) }
        return MailTemplateSentence(
            before: filled.first ?? "",
            email: email,
            after: filled.dropFirst().joined(separator: email)
        )
    }

    /// A button for the link in `values[key]`, which `MailTemplateValues.check` has made sure of.
    func action(_ label: MailTemplateText, link key: String) -> MailTemplateBlock {
        .action(label: text(label), url: values[key] ?? "")
    }

    /// Rows for the values present, in the order given.
    func details(_ rows: [(label: MailTemplateText, key: String)]) -> MailTemplateBlock {
        .details(rows.compactMap { row in
            values[row.key].map { MailTemplateDetail(label: text(row.label), value: $0) }
        })
    }

    func hours(_ key: String) -> [String: String] {
        ["duration": MailTemplateText.hours(values[key] ?? "", language)]
    }

    func days(_ key: String) -> [String: String] {
        ["duration": MailTemplateText.days(values[key] ?? "", language)]
    }

    /// Whether the mail carries this (optional) value.
    func has(_ key: String) -> Bool {
        values[key].map { !$0.isEmpty } ?? false
    }

    func minutes(_ key: String) -> [String: String] {
        ["duration": MailTemplateText.minutes(values[key] ?? "", language)]
    }

    private func arguments(_ extra: [String: String]) -> [String: String] {
        var arguments = values.all
        arguments["product"] = MailTemplateValues.singleLine(branding.productName)
        arguments.merge(extra) { _, new in new }
        return arguments
    }
}
