import Foundation  // NFD / NFKC (decomposedStringWithCanonicalMapping, …)

/// Unicode security checks for identifiers (usernames, address local parts),
/// after Unicode Technical Standard #39, with the Unicode data embedded.
///
/// How Gatehouse is meant to use it when an identifier is registered:
/// 1. refuse it if `firstForbiddenScalar(in:)` finds anything
///    (default-ignorables, variation selectors, Hangul fillers, Cc/Cf,
///    unassigned, private use, noncharacters);
/// 2. refuse it unless `isSingleScript(_:)` (Common characters such as ASCII
///    digits and `_` go with every script);
/// 3. store `uniquenessKey(_:)` in a unique index, so that a look-alike of a
///    registered name is refused as taken.
public enum UnicodeSecurity {
    /// Version of the embedded Unicode data (UCD and confusables.txt).
    public static var unicodeVersion: String { Tables.properties.unicodeVersion }

    // MARK: Code point properties

    /// Default_Ignorable_Code_Point (DerivedCoreProperties.txt): characters
    /// that render as nothing, e.g. U+200B, U+034F, U+FE0F, U+180B, U+3164.
    public static func isDefaultIgnorable(_ scalar: Unicode.Scalar) -> Bool {
        Tables.properties.flags(scalar) & PropertyTable.defaultIgnorable != 0
    }

    /// True for scalars that no identifier may contain: default-ignorables,
    /// variation selectors (U+FE00–FE0F, U+E0100–E01EF, U+180B–180F),
    /// Hangul fillers (U+3164, U+115F, U+1160, U+FFA0), general categories
    /// Cc, Cf, Cn (unassigned, including noncharacters), Co and Cs.
    public static func isForbiddenInIdentifier(_ scalar: Unicode.Scalar) -> Bool {
        Tables.properties.flags(scalar) & PropertyTable.forbidden != 0
    }

    /// The first scalar of `s` for which `isForbiddenInIdentifier` holds.
    public static func firstForbiddenScalar(in s: String) -> Unicode.Scalar? {
        s.unicodeScalars.first(where: isForbiddenInIdentifier)
    }

    // MARK: Confusables

    /// The UTS #39 skeleton: NFD, remove Default_Ignorable_Code_Point
    /// characters, replace each scalar by its prototype from confusables.txt,
    /// NFD again. Two strings are confusable when their skeletons are equal.
    /// The skeleton is for comparison only, never for display.
    public static func skeleton(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.decomposedStringWithCanonicalMapping.unicodeScalars {
            if isDefaultIgnorable(scalar) { continue }
            if let prototype = Tables.confusables.mapping(scalar) {
                out.append(contentsOf: prototype)
            } else {
                out.append(scalar)
            }
        }
        return String(out).decomposedStringWithCanonicalMapping
    }

    /// Whether `a` and `b` have the same skeleton (UTS #39 confusable, case-sensitive).
    public static func areConfusable(_ a: String, _ b: String) -> Bool {
        skeleton(a) == skeleton(b)
    }

    /// Unicode full default case folding (CaseFolding.txt, statuses C and F),
    /// from the embedded data, so it does not change with the toolchain.
    /// Unlike `lowercased()` it folds ß and ẞ to "ss", final ς to σ and
    /// Cherokee small letters to capitals.
    public static func caseFolded(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            if let folded = Tables.caseFolding.mapping(scalar) {
                out.append(contentsOf: folded)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// The value to store in a unique index: two identifiers with the same
    /// key look alike (up to case and compatibility forms), so the second one
    /// must be refused.
    ///
    /// One round of the pipeline:
    /// 1. NFKC (compatibility forms: fullwidth, ligatures, superscripts…);
    /// 2. full default case folding (`caseFolded`, not `lowercased()`);
    /// 3. UTS #39 skeleton (NFD, drop default-ignorables, confusables
    ///    prototypes, NFD);
    /// 4. remove U+0307 COMBINING DOT ABOVE after a Soft_Dotted letter
    ///    (i, j, Cyrillic і…, with no intervening mark of combining class 0
    ///    or 230: the After_Soft_Dotted condition of SpecialCasing.txt). The
    ///    dot merges with the letter's own dot, so "i\u{307}" looks like "i",
    ///    but confusables.txt maps neither U+0307 nor "i\u{307}". This also
    ///    makes "İ" (U+0130, folded to "i\u{307}") match "I" and "i".
    /// The round is repeated until the string no longer changes (at most 3
    /// changing rounds for Unicode 15.0): prototypes are not closed under
    /// NFKC and case folding ("M" folds to "m", whose prototype is "rn";
    /// "%" has the prototype "º⁄₀", which NFKC turns into "o/0"), so the
    /// key is the fixed point, and `uniquenessKey(uniquenessKey(x)) ==
    /// uniquenessKey(x)`. The result is in NFD and is not meant for display.
    public static func uniquenessKey(_ s: String) -> String {
        // Compare scalars, not Strings: String's == is canonical equivalence,
        // and the key must be the same bytes for the same look-alike class.
        var current = uniquenessRound(s)
        for _ in 0..<8 {
            let next = uniquenessRound(current)
            if next.unicodeScalars.elementsEqual(current.unicodeScalars) { break }
            current = next
        }
        return current
    }

    static func uniquenessRound(_ s: String) -> String {
        let folded = caseFolded(s.precomposedStringWithCompatibilityMapping)
        return removingDotAboveAfterSoftDotted(skeleton(folded))
    }

    static func removingDotAboveAfterSoftDotted(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var afterSoftDotted = false
        for scalar in s.unicodeScalars {
            if scalar == "\u{307}" && afterSoftDotted {
                afterSoftDotted = false
                continue
            }
            let ccc = scalar.properties.canonicalCombiningClass
            if Tables.properties.flags(scalar) & PropertyTable.softDotted != 0 {
                afterSoftDotted = true
            } else if ccc == .notReordered || ccc == .above {
                afterSoftDotted = false
            }
            out.append(scalar)
        }
        return String(out)
    }

    // MARK: Scripts

    /// The augmented Script_Extensions of a scalar (UTS #39 §5.1): Common and
    /// Inherited give `ScriptSet.all`, Han adds Hanb/Jpan/Kore, Hiragana and
    /// Katakana add Jpan, Hangul adds Kore, Bopomofo adds Hanb; unassigned
    /// code points give the empty set.
    public static func scripts(of scalar: Unicode.Scalar) -> ScriptSet {
        Tables.properties.scripts(scalar)
    }

    /// The resolved script set of `s` (UTS #39 §5.1): the intersection of the
    /// augmented Script_Extensions of its scalars. `all` for a string of
    /// Common/Inherited characters only (and for ""), empty when mixed.
    public static func resolvedScripts(_ s: String) -> ScriptSet {
        var result = ScriptSet.all
        for scalar in s.unicodeScalars {
            result.formIntersection(scripts(of: scalar))
            if result.isEmpty { break }
        }
        return result
    }

    /// Single-script in the resolved sense: "alice", "иван_2000", "ivan2000",
    /// "漢字かな" (Jpan) are; "аlice" (Cyrillic а + Latin) is not.
    public static func isSingleScript(_ s: String) -> Bool {
        !resolvedScripts(s).isEmpty
    }

    /// The script part of UTS #39 §5.2 "Highly Restrictive": single-script,
    /// or covered by Latin + Han + Hiragana + Katakana, Latin + Han + Bopomofo
    /// or Latin + Han + Hangul. (The full level also requires every character
    /// to be allowed, see `firstForbiddenScalar(in:)`.)
    public static func isHighlyRestrictive(_ s: String) -> Bool {
        if isSingleScript(s) { return true }
        // As ICU does: resolve the scalars that cannot be Latin, then check
        // that what remains is Japanese, Korean or Han-with-Bopomofo.
        var withoutLatin = ScriptSet.all
        for scalar in s.unicodeScalars {
            let set = scripts(of: scalar)
            if !set.contains("Latn") { withoutLatin.formIntersection(set) }
        }
        return withoutLatin.contains("Jpan") || withoutLatin.contains("Kore")
            || withoutLatin.contains("Hanb")
    }
}
