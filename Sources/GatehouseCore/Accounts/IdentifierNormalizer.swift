import Foundation
import UnicodeSecurity

/// Why an identifier (username or email) was refused.
public enum IdentifierProblem: String, Sendable, Equatable, Error {
    case empty
    case tooLong = "too_long"
    case invalidCharacters = "invalid_characters"
    case invalidFormat = "invalid_format"
    /// Letters of more than one script (Cyrillic `а` among Latin letters): a look-alike of another name.
    case mixedScripts = "mixed_scripts"
}

/// Normalises usernames and email addresses so that two spellings a person would call the same
/// (`Ⅹavier` and `xavier`, `ＡＤＭＩＮ` and `admin`) collide in the database's unique index.
///
/// The normal form is NFKC, then full Unicode case folding, then NFKC again (folding can leave
/// compatibility characters behind). Control, format (zero-width, bidi) and unassigned characters are
/// refused outright rather than stripped: silently dropping them would let two visibly equal names differ.
public enum IdentifierNormalizer {
    public static let maxUsernameLength = 64
    public static let maxEmailLength = 254

    /// The canonical, comparable form of any identifier, without validation of its shape.
    public static func fold(_ raw: String) -> String {
        raw.trimmingCharacters(in: .whitespacesAndNewlines)
            .precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive], locale: nil)
            .precomposedStringWithCompatibilityMapping
    }

    /// A username as typed (trimmed, NFC) and its normal form.
    public static func username(_ raw: String) throws(IdentifierProblem) -> (display: String, normalized: String) {
        let display = raw.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        guard !display.isEmpty else { throw .empty }
        try refuseInvisible(display)
        let normalized = fold(display)
        guard normalized.count <= maxUsernameLength, display.count <= maxUsernameLength else { throw .tooLong }
        // One script per name (digits and `._-` go with any): `аlice` with a Cyrillic `а` is refused.
        guard UnicodeSecurity.isSingleScript(normalized) else { throw .mixedScripts }
        // Letters, digits and marks of any script plus `.`, `_`, `-`; no `@`, so a username can never
        // be mistaken for an email address at the login field.
        for scalar in normalized.unicodeScalars {
            let props = scalar.properties
            let allowed = props.isAlphabetic || props.numericType != nil
                || props.generalCategory == .nonspacingMark || props.generalCategory == .spacingMark
                || scalar == "." || scalar == "_" || scalar == "-"
            guard allowed else { throw .invalidCharacters }
        }
        return (display, normalized)
    }

    /// An email address as typed (trimmed, NFC) and its normal form.
    public static func email(_ raw: String) throws(IdentifierProblem) -> (display: String, normalized: String) {
        let display = raw.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        guard !display.isEmpty else { throw .empty }
        try refuseInvisible(display)
        guard display.utf8.count <= maxEmailLength else { throw .tooLong }
        // Exactly one `@` as typed, and it is the ASCII one: a full-width `＠` would become `@` only
        // after normalisation and then fail at delivery.
        guard display.unicodeScalars.filter({ $0 == "@" }).count == 1 else { throw .invalidFormat }
        let normalized = fold(display)
        guard normalized.unicodeScalars.filter({ $0 == "@" }).count == 1 else { throw .invalidFormat }
        let parts = normalized.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .invalidFormat }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, local.utf8.count <= 64, !domain.isEmpty,
              domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..")
        else { throw .invalidFormat }
        let forbidden = Set("<>()[],;:\\\"".unicodeScalars)
        if normalized.unicodeScalars.contains(where: { $0.properties.isWhitespace || forbidden.contains($0) }) {
            throw .invalidFormat
        }
        return (display, normalized)
    }

    /// The key two usernames share when they look alike (Unicode TR #39 confusable skeleton of the
    /// normal form, with the dot above an `i` merged): `alice`, `alıce` and `ali̇ce` get one key, and
    /// the database keeps keys unique. Never shown, never used to sign in.
    public static func usernameKey(_ normalized: String) -> String {
        UnicodeSecurity.uniquenessKey(normalized)
    }

    /// The look-alike keys of a username: `usernameKey` of its normal form, and the same of its skeleton
    /// as shown and as shown in capitals. A capital `I` looks like `l` but folds to `i`, so `aIice`
    /// (`BiII`) next to `alice` (`bill`) is caught only as shown, and `ALlCE`, which reads as `ALICE`,
    /// only against alice's name in capitals. Every key of a new name is checked against every key of
    /// every other account (`accounts.username_key`, `username_case_key`, `username_upper_key`).
    public static func usernameKeys(display: String, normalized: String) -> (key: String, caseKey: String, upperKey: String) {
        let shown = display.precomposedStringWithCompatibilityMapping
        return (usernameKey(normalized),
                UnicodeSecurity.uniquenessKey(UnicodeSecurity.skeleton(shown)),
                UnicodeSecurity.uniquenessKey(UnicodeSecurity.skeleton(shown.uppercased())))
    }

    /// The part of an email address before the `@`, folded; used by the password policy.
    public static func localPart(ofNormalizedEmail email: String) -> String {
        String(email.split(separator: "@", maxSplits: 1).first ?? "")
    }

    /// Control, format, unassigned and private-use characters, and (UTS #39) default-ignorables,
    /// variation selectors and Hangul fillers, which render as nothing (`alice` + U+FE0F).
    private static func refuseInvisible(_ value: String) throws(IdentifierProblem) {
        if UnicodeSecurity.firstForbiddenScalar(in: value) != nil { throw .invalidCharacters }
        for scalar in value.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .unassigned, .privateUse, .surrogate, .lineSeparator, .paragraphSeparator:
                throw .invalidCharacters
            default:
                continue
            }
        }
    }
}
