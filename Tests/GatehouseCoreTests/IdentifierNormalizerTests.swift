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

    @Test("characters that render as nothing are refused next to a real name: variation selectors, U+034F, U+180B, Hangul fillers",
          arguments: ["alice\u{FE0F}", "alice\u{034F}", "alice\u{180B}", "ali\u{3164}ce", "\u{115F}alice", "alice\u{FFA0}", "alice\u{E0100}"])
    func ignorablesRefused(name: String) {
        #expect(throws: IdentifierProblem.invalidCharacters) { try IdentifierNormalizer.username(name) }
        #expect(throws: IdentifierProblem.invalidCharacters) { try IdentifierNormalizer.email(name + "@example.com") }
    }

    @Test("a username mixing scripts is refused: Cyrillic а among Latin letters", arguments: ["\u{0430}lice", "p\u{0430}yp\u{0430}l", "ivan\u{0432}"])
    func mixedScriptsRefused(name: String) {
        #expect(throws: IdentifierProblem.mixedScripts) { try IdentifierNormalizer.username(name) }
    }

    @Test("an address needs exactly one ASCII @ as typed: a full-width ＠ or small ﹫ is refused", arguments: ["alice\u{FF20}example.com", "alice\u{FE6B}example.com", "a@b\u{FF20}example.com"])
    func asciiAt(address: String) {
        #expect(throws: IdentifierProblem.invalidFormat) { try IdentifierNormalizer.email(address) }
    }
}
