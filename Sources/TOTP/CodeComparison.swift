/// Code parsing and comparison that do not leak, through timing, how much of a code was right.
enum CodeComparison {
    /// The UTF-8 bytes of `code` when it is exactly `count` ASCII digits, else nil.
    static func asciiDigits(_ code: String, count: Int) -> [UInt8]? {
        let bytes = Array(code.utf8)
        guard bytes.count == count else { return nil }
        var nonDigit: UInt8 = 0
        for byte in bytes {
            nonDigit |= (byte &- UInt8(ascii: "0")) > 9 ? 1 : 0
        }
        return nonDigit == 0 ? bytes : nil
    }

    /// Equal-length byte strings compared without an early exit.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices {
            difference |= lhs[index] ^ rhs[index]
        }
        return difference == 0
    }
}
