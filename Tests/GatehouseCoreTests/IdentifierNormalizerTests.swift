import GatehouseCore
import Testing

@Suite("Identifier normalisation")
struct IdentifierNormalizerTests {
    @Test("look-alike spellings of one name collide", arguments: [
        ("Ⅹavier", "xavier"), ("ＡＤＭＩＮ", "admin"), ("Straße", "strasse"), ("ﬁle", "file"), ("  Alice ", "alice"),
    ])
    func lookAlikesCollide(pair: (String, String)) throws {
        #expect(try IdentifierNormalizer.username(pair.0).normalized == IdentifierNormalizer.username(pair.1).normalized)
    }

    @Test("the display form keeps what was typed, trimmed")
    func displayForm() throws {
        let result = try IdentifierNormalizer.username("  Ⅹavier ")
        #expect(result.display == "Ⅹavier")
        #expect(result.normalized == "xavier")
    }

    @Test("invisible and control characters are refused", arguments: [
        "ad\u{200B}min", "ad\u{202E}min", "ad\u{0007}min", "\u{FEFF}admin", "ad\u{00AD}min", "ad\u{2028}min",
    ])
    func invisibleRefused(name: String) {
        #expect(throws: IdentifierProblem.invalidCharacters) { try IdentifierNormalizer.username(name) }
        #expect(throws: IdentifierProblem.invalidCharacters) { try IdentifierNormalizer.email(name + "@example.com") }
    }

    @Test("a username may not contain @, spaces or punctuation", arguments: ["a@b", "al ice", "al/ice", "al<ice", "alice!"])
    func usernameCharacters(name: String) {
        #expect(throws: IdentifierProblem.invalidCharacters) { try IdentifierNormalizer.username(name) }
    }

    @Test("usernames in other scripts are accepted")
    func otherScripts() throws {
        #expect(try IdentifierNormalizer.username("Иван.Петров").normalized == "иван.петров")
        #expect(try IdentifierNormalizer.username("maría_2").normalized == "maría_2")
    }

    @Test("empty and overlong identifiers are refused")
    func lengths() {
        #expect(throws: IdentifierProblem.empty) { try IdentifierNormalizer.username("   ") }
        #expect(throws: IdentifierProblem.tooLong) { try IdentifierNormalizer.username(String(repeating: "a", count: 65)) }
        #expect(throws: IdentifierProblem.tooLong) { try IdentifierNormalizer.email(String(repeating: "a", count: 250) + "@example.com") }
    }

    @Test("email addresses are folded whole and checked for shape")
    func emails() throws {
        #expect(try IdentifierNormalizer.email("Alice@Example.COM").normalized == "alice@example.com")
        #expect(try IdentifierNormalizer.email("ＡＬＩＣＥ@example.com").normalized == "alice@example.com")
        for bad in ["alice", "alice@", "@example.com", "a@b@c.com", "alice@localhost", "al ice@example.com", "alice@exa..mple.com", "alice@.example.com"] {
            #expect(throws: IdentifierProblem.invalidFormat, "\(bad)") { try IdentifierNormalizer.email(bad) }
        }
    }
}
