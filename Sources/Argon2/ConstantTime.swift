/// Comparisons whose running time does not depend on where the inputs differ.
public enum ConstantTime {
    /// True when both byte arrays are equal. Lengths are not secret (a mismatch
    /// returns false at once); the contents are compared without early exit.
    public static func equals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
