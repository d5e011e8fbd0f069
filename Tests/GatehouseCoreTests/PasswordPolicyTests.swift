import GatehouseCore
import Testing

@Suite("Password policy")
struct PasswordPolicyTests {
    let policy = PasswordPolicy()

    private func code(_ password: String, username: String? = nil, email: String? = nil) -> String? {
        do {
            try policy.check(password, username: username, email: email)
            return nil
        } catch {
            return error.code.rawValue + "/" + (error.errors.first?.code ?? "")
        }
    }

    @Test("the built-in list holds the 20,000 most common passwords")
    func builtInList() {
        #expect(CommonPasswords.builtIn.count == 20_000)
        #expect(CommonPasswords.builtIn.contains("123456"))
        #expect(CommonPasswords.builtIn.contains("tujhjdf"))
        #expect(!CommonPasswords.builtIn.contains("correct horse battery staple"))
    }

    @Test("length must be between 8 and 128 characters by default")
    func lengths() {
        #expect(code("short7!") == "password_too_weak/too_short")
        #expect(code(String(repeating: "x", count: 129)) == "password_too_weak/too_long")
        #expect(code("quietly-8") == nil)
        #expect(code(String(repeating: "xy", count: 64)) == nil)
    }

    @Test("length counts characters, not bytes")
    func lengthInCharacters() {
        #expect(code("пароль!!") == nil)           // 8 characters, 14 bytes
        #expect(code("пароль!") == "password_too_weak/too_short")
    }

    @Test("common passwords are refused whatever their case")
    func common() {
        #expect(code("password1") == "password_compromised/common_password")
        #expect(code("PassWord1") == "password_compromised/common_password")
        #expect(code("iloveyou") == "password_compromised/common_password")
    }

    @Test("a password equal to or containing the username or email local part is refused")
    func personalData() {
        #expect(code("alice-in-wonderland", username: "alice") == "password_too_weak/contains_username")
        #expect(code("ALICE-IN-WONDERLAND", username: "alice") == "password_too_weak/contains_username")
        #expect(code("my-bobsmith-secret", email: "BobSmith@example.com") == "password_too_weak/contains_email")
        #expect(code("completely different", username: "alice", email: "bob@example.com") == nil)
    }

    @Test("spaces, any Unicode and no composition rules")
    func anythingGoes() {
        #expect(code("correct horse battery staple") == nil)
        #expect(code("тихий омут глубок") == nil)
        #expect(code("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaz") == nil)
    }

    @Test("passwords are NFKC-normalised, so another system's spelling matches")
    func normalisation() {
        // "é" precomposed vs. "e" + combining acute; full-width digits vs. ASCII digits.
        #expect(PasswordPolicy.normalize("caf\u{00E9}-latte") == PasswordPolicy.normalize("cafe\u{0301}-latte"))
        #expect(PasswordPolicy.normalize("１２３abc") == "123abc")
    }

    @Test("limits are configurable")
    func configurable() {
        let strict = PasswordPolicy(minLength: 12, maxLength: 20)
        #expect(throws: GatehouseError.self) { try strict.check("elevenchars") }
        #expect(throws: Never.self) { try strict.check("twelve-chars") }
    }
}
