/// Why `MailComposer.compose(kind:language:values:)` made no mail.
public enum MailComposerError: Error, Sendable, Equatable {
    /// The kind is not one of `MailComposer.kinds`.
    case unknownKind(String)
    /// A value the kind needs is absent or blank.
    case missingValue(kind: String, key: String)
}
