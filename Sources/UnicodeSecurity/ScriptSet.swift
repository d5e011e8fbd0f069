/// A set of scripts, named by ISO 15924 codes ("Latn", "Cyrl", "Hani"…),
/// as used by UTS #39 §5.1. Besides the Unicode scripts it can hold the
/// augmentation codes "Hanb", "Jpan" and "Kore".
///
/// The set of *all* scripts (the resolved set of Common and Inherited
/// characters, and of the empty string) is represented exactly: `isAll`.
public struct ScriptSet: Hashable, Sendable, CustomStringConvertible {
    static let capacity = 256

    private var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    private init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
        (self.w0, self.w1, self.w2, self.w3) = (w0, w1, w2, w3)
    }

    /// Every script: what Common and Inherited characters resolve to.
    public static let all = ScriptSet(.max, .max, .max, .max)
    /// No script: what a mixed-script string resolves to.
    public static let empty = ScriptSet(0, 0, 0, 0)

    public var isEmpty: Bool { self == .empty }
    public var isAll: Bool { self == .all }

    /// Builds a set from ISO 15924 codes; codes unknown to the data are ignored.
    public init(codes: some Sequence<String>) {
        self = .empty
        let known = Tables.properties.scriptCodes
        for code in codes {
            if let i = known.firstIndex(of: code) { insert(index: i) }
        }
    }

    mutating func insert(index: Int) {
        let bit = UInt64(1) << UInt64(index % 64)
        switch index / 64 {
        case 0: w0 |= bit
        case 1: w1 |= bit
        case 2: w2 |= bit
        default: w3 |= bit
        }
    }

    func contains(index: Int) -> Bool {
        let word: UInt64
        switch index / 64 {
        case 0: word = w0
        case 1: word = w1
        case 2: word = w2
        default: word = w3
        }
        return word & (UInt64(1) << UInt64(index % 64)) != 0
    }

    /// Whether the set holds the script with this ISO 15924 code
    /// (always true for `all`).
    public func contains(_ code: String) -> Bool {
        if isAll { return true }
        guard let i = Tables.properties.scriptCodes.firstIndex(of: code) else { return false }
        return contains(index: i)
    }

    public func intersection(_ other: ScriptSet) -> ScriptSet {
        ScriptSet(w0 & other.w0, w1 & other.w1, w2 & other.w2, w3 & other.w3)
    }

    public mutating func formIntersection(_ other: ScriptSet) {
        self = intersection(other)
    }

    /// The ISO 15924 codes in the set, sorted; empty for `all`,
    /// which `isAll` reports instead.
    public var codes: [String] {
        if isAll { return [] }
        let known = Tables.properties.scriptCodes
        return known.indices.filter { contains(index: $0) }.map { known[$0] }.sorted()
    }

    public var description: String {
        isAll ? "ALL" : "{" + codes.joined(separator: ", ") + "}"
    }
}
