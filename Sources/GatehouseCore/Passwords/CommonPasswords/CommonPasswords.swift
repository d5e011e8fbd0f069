/// The 20,000 most common passwords (zxcvbn), lowercase. A new password whose case-folded form is in
/// this list is refused with `password_compromised`.
public struct CommonPasswords: Sendable {
    private let entries: Set<Substring>

    public init(list: String) {
        entries = Set(list.split(separator: "\n", omittingEmptySubsequences: true))
    }

    /// The built-in list (`common-passwords.txt` beside this file, embedded into the binary), parsed
    /// once per process.
    public static let builtIn = CommonPasswords(list: String(decoding: PackageResources.common_passwords_txt, as: UTF8.self))

    public var count: Int { entries.count }

    public func contains(_ foldedPassword: String) -> Bool {
        entries.contains(Substring(foldedPassword))
    }
}
