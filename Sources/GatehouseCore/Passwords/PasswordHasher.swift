/// Turns passwords into stored hashes and checks them. Implementations do the expensive work off the
/// caller's executor. Passwords are NFKC-normalised before hashing (see `PasswordPolicy.normalize`).
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) async throws -> String
    /// False for a wrong password and for a stored value this hasher does not understand.
    func verify(_ password: String, against stored: String) async throws -> Bool
    /// True when the stored hash was made with another algorithm or other parameters than the current ones.
    func needsRehash(_ stored: String) -> Bool
}
