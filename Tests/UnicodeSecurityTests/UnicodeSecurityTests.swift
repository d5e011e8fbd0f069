import Testing
@testable import UnicodeSecurity

private func scalar(_ value: UInt32) -> Unicode.Scalar {
    guard let s = Unicode.Scalar(value) else { fatalError("not a scalar: \(value)") }
    return s
}

/// Scalar-exact spellings: String's == is canonical equivalence, but a
/// database index compares bytes, so the tests compare escaped scalars.
private func exact(_ s: String) -> String {
    s.unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
}

private func key(_ s: String) -> String { exact(UnicodeSecurity.uniquenessKey(s)) }

private func skeleton(_ s: String) -> String { exact(UnicodeSecurity.skeleton(s)) }

@Suite("Embedded Unicode data")
struct DataTests {
    @Test("decodes the embedded tables of Unicode 15.0.0")
    func decodes() {
        #expect(UnicodeSecurity.unicodeVersion == "15.0.0")
        #expect(Tables.confusables.unicodeVersion == "15.0.0")
        #expect(Tables.caseFolding.unicodeVersion == "15.0.0")
        #expect(Tables.confusables.count == 6311)
        #expect(Tables.caseFolding.count == 1530)
        #expect(Tables.properties.scriptCodes.count == 164)
        #expect(Tables.properties.scriptCodes.contains("Latn"))
        #expect(!Tables.properties.scriptCodes.contains("Zyyy"))
    }
}

@Suite("Code point properties")
struct PropertyTests {
    static let defaultIgnorables: [UInt32] = [
        0xFE0F, 0xFE00, 0x034F, 0x180B, 0x180F, 0x200B, 0x200D, 0x00AD, 0x3164,
        0x115F, 0x1160, 0xFFA0, 0xE0001, 0xE0100, 0xE01EF, 0x2065, 0xE0FFF,
    ]

    @Test("Default_Ignorable_Code_Point matches DerivedCoreProperties.txt", arguments: defaultIgnorables)
    func defaultIgnorable(value: UInt32) {
        #expect(UnicodeSecurity.isDefaultIgnorable(scalar(value)))
        #expect(UnicodeSecurity.isForbiddenInIdentifier(scalar(value)))
    }

    @Test("ordinary letters, digits, marks are not default-ignorable nor forbidden",
          arguments: ["a", "Z", "0", "9", "_", "-", ".", "и", "漢", "か", "é", "\u{301}", "\u{307}", "ı"] as [Unicode.Scalar])
    func ordinary(s: Unicode.Scalar) {
        #expect(!UnicodeSecurity.isDefaultIgnorable(s))
        #expect(!UnicodeSecurity.isForbiddenInIdentifier(s))
    }

    @Test("controls, format, unassigned, private use, noncharacters are forbidden",
          arguments: [0x0000, 0x0009, 0x001F, 0x007F, 0x0085, 0x202E, 0x2066, 0xFEFF, 0x0378,
                      0x0530, 0x1FFFE, 0xE000, 0xF8FF, 0xF0000, 0x10FFFD, 0xFDD0, 0xFDEF,
                      0xFFFE, 0xFFFF, 0x10FFFF] as [UInt32])
    func forbidden(value: UInt32) {
        #expect(UnicodeSecurity.isForbiddenInIdentifier(scalar(value)))
    }

    @Test("firstForbiddenScalar finds the first offending scalar")
    func firstForbidden() {
        #expect(UnicodeSecurity.firstForbiddenScalar(in: "alice") == nil)
        #expect(UnicodeSecurity.firstForbiddenScalar(in: "иван_2000") == nil)
        #expect(UnicodeSecurity.firstForbiddenScalar(in: "a\u{200B}b\u{FE0F}") == "\u{200B}")
    }
}

@Suite("Look-alikes of alice (the issue's list)")
struct AliceTests {
    static let invisible: [String] = [
        "alice\u{FE0F}", "alice\u{034F}", "alice\u{180B}", "ali\u{3164}ce",
        "al\u{115F}ice", "alic\u{FFA0}e", "ali\u{200B}ce",
    ]

    @Test("invisible characters are refused and their keys collide with alice", arguments: invisible)
    func invisibleCharacters(name: String) {
        #expect(UnicodeSecurity.firstForbiddenScalar(in: name) != nil)
        #expect(skeleton(name) == skeleton("alice"))
        #expect(key(name) == key("alice"))
    }

    @Test("Cyrillic а in alice is mixed-script and collides")
    func cyrillicA() {
        let name = "\u{430}lice"
        #expect(name != "alice")
        #expect(UnicodeSecurity.firstForbiddenScalar(in: name) == nil)
        #expect(!UnicodeSecurity.isSingleScript(name))
        #expect(skeleton(name) == skeleton("alice"))
        #expect(key(name) == key("alice"))
    }

    @Test("dotless ı collides by skeleton alone (confusables: 0131 → 0069)")
    func dotlessI() {
        #expect(skeleton("al\u{131}ce") == exact("alice"))
        #expect(key("al\u{131}ce") == key("alice"))
        #expect(key("al\u{131}\u{307}ce") == key("alice"))
    }

    @Test("i + U+0307 needs the dot-above rule: skeleton alone keeps the dot")
    func iWithDotAbove() {
        #expect(skeleton("ali\u{307}ce") == exact("ali\u{307}ce"))
        #expect(skeleton("ali\u{307}ce") != skeleton("alice"))
        #expect(key("ali\u{307}ce") == key("alice"))
        #expect(key("al\u{130}ce") == key("alice"))            // İ folds to i + U+0307
        #expect(key("ali\u{323}\u{307}ce") == key("ali\u{323}ce")) // ccc 220 in between
        #expect(key("al\u{456}\u{307}ce") == key("alice"))     // Cyrillic і is soft-dotted too
    }

    @Test("the dot-above rule touches only soft-dotted letters")
    func dotAboveElsewhere() {
        #expect(key("a\u{307}lice") != key("alice"))            // ȧ stays ȧ
        #expect(key("ali\u{301}\u{307}ce") != key("ali\u{301}ce"))  // acute (ccc 230) in between
    }

    @Test("case and compatibility variants collide", arguments: ["ALICE", "Alice", "ａｌｉｃｅ", "ᴬᴸᴵᶜᴱ"])
    func variants(name: String) {
        #expect(key(name) == key("alice"))
    }
}

@Suite("Skeletons: what collides and what stays distinct")
struct SkeletonTests {
    @Test("Cyrillic а look-alikes", arguments: [("alice", "\u{430}lice"), ("paypal", "p\u{430}yp\u{430}l")])
    func cyrillic(plain: String, spoof: String) {
        #expect(plain != spoof)
        #expect(skeleton(plain) == skeleton(spoof))
        #expect(UnicodeSecurity.areConfusable(plain, spoof))
    }

    @Test("rn and m collide, per confusables.txt (006D → 0072 006E)")
    func rnM() {
        #expect(skeleton("m") == exact("rn"))
        #expect(skeleton("rn") == skeleton("m"))
        #expect(key("modern") == key("rnodern"))
        #expect(key("M") == key("rn"))  // needs the second case-fold + skeleton round
    }

    @Test("distinct names stay distinct",
          arguments: [("alice", "alicia"), ("alice", "alce"), ("bob", "rob"), ("ivan", "иван"),
                      ("иван", "ivan2000"), ("alice", "ałice"), ("cafe", "café")])
    func distinct(a: String, b: String) {
        #expect(skeleton(a) != skeleton(b))
        #expect(key(a) != key(b))
    }

    @Test("ivan and иван do not collide: и, в, н have no Latin look-alike prototype")
    func ivan() {
        #expect(skeleton("иван") == exact("\u{1D0E}\u{299}a\u{29C}"))
    }

    @Test("case folding is full default folding, not lowercased()")
    func caseFolding() {
        #expect(exact(UnicodeSecurity.caseFolded("Straße")) == "strasse")
        #expect(exact(UnicodeSecurity.caseFolded("ΟΔΟΣ")) == exact(UnicodeSecurity.caseFolded("οδος")))
        #expect(exact(UnicodeSecurity.caseFolded("\u{130}")) == exact("i\u{307}"))
        #expect(key("Straße") == key("STRASSE"))
    }

    @Test("the key is NFD whatever the input's normalisation form")
    func normalisationForm() {
        #expect(key("caf\u{E9}") == exact("cafe\u{301}"))
        #expect(key("cafe\u{301}") == exact("cafe\u{301}"))
        #expect(key("%") == key("\u{BA}\u{2044}\u{2080}"))  // % → º⁄₀, which NFKC turns into o/0
    }

    @Test("the uniqueness key is a fixed point for every allowed or mapped scalar")
    func idempotent() {
        var values = Set<UInt32>()
        for (source, target) in Tables.confusables.entries + Tables.caseFolding.entries {
            values.insert(source)
            for s in target { values.insert(s.value) }
        }
        for value in UInt32(0)...0x10FFFF {
            if let s = Unicode.Scalar(value), !UnicodeSecurity.isForbiddenInIdentifier(s) {
                values.insert(value)
            }
        }
        #expect(values.count > 148_000)  // Unicode 15.0: 149,186 assigned characters
        var failures: [UInt32] = []
        for value in values.sorted() {
            let k = UnicodeSecurity.uniquenessKey(String(Character(scalar(value))))
            if key(k) != exact(k) { failures.append(value) }
        }
        #expect(failures.isEmpty, "not idempotent: \(failures.prefix(20).map { String($0, radix: 16) })")
    }
}

@Suite("Mixed scripts (UTS #39 §5.1–5.2)")
struct ScriptTests {
    @Test("single-script names are accepted", arguments: ["alice", "иван", "ivan2000", "иван_2000", "2000", "Ελένη", "漢字かな", "한국어", ""])
    func singleScript(name: String) {
        #expect(UnicodeSecurity.isSingleScript(name))
        #expect(UnicodeSecurity.isHighlyRestrictive(name))
    }

    @Test("mixed-script names are refused", arguments: ["\u{430}lice", "p\u{430}yp\u{430}l", "ivanиван", "alice\u{3B1}", "ab한국어ㄅ"])
    func mixed(name: String) {
        #expect(!UnicodeSecurity.isSingleScript(name))
        #expect(UnicodeSecurity.resolvedScripts(name).isEmpty)
    }

    @Test("resolved script sets")
    func resolved() {
        #expect(UnicodeSecurity.resolvedScripts("alice") == ScriptSet(codes: ["Latn"]))
        #expect(UnicodeSecurity.resolvedScripts("иван_2000").codes == ["Cyrl"])
        #expect(UnicodeSecurity.resolvedScripts("2000_").isAll)
        #expect(UnicodeSecurity.resolvedScripts("かな").codes == ["Hira", "Jpan"])
        #expect(UnicodeSecurity.resolvedScripts("漢字かな").codes == ["Jpan"])
        #expect(UnicodeSecurity.resolvedScripts("ー").codes == ["Hira", "Jpan", "Kana"])  // U+30FC: scx Hira Kana
        #expect(UnicodeSecurity.scripts(of: "\u{301}").isAll)  // Inherited
        #expect(UnicodeSecurity.scripts(of: scalar(0x0378)).isEmpty)  // unassigned
        #expect(UnicodeSecurity.resolvedScripts("\u{430}lice").description == "{}")
        #expect(ScriptSet.all.description == "ALL")
    }

    @Test("Highly Restrictive allows Latin with Japanese, Chinese or Korean only")
    func highlyRestrictive() {
        #expect(UnicodeSecurity.isHighlyRestrictive("abc漢字かなカナ"))
        #expect(UnicodeSecurity.isHighlyRestrictive("abc漢字ㄅ"))
        #expect(UnicodeSecurity.isHighlyRestrictive("abc한국어漢字"))
        #expect(!UnicodeSecurity.isSingleScript("abc漢字かな"))
        #expect(!UnicodeSecurity.isHighlyRestrictive("abcиван"))
        #expect(!UnicodeSecurity.isHighlyRestrictive("かな한국어"))
        #expect(!UnicodeSecurity.isHighlyRestrictive("abc\u{3B1}漢字"))
    }
}
