/// BCH-protected metadata blocks (ISO/IEC 18004 §7.9 and §7.10).
enum FormatInformation {
    /// 15-bit format information: 2 level bits + 3 mask bits, BCH(15,5) with
    /// generator 0x537, XOR-masked with 0x5412 so it is never all zero.
    static func bits(level: ErrorCorrection, mask: Int) -> Int {
        let data = level.formatBits << 3 | mask
        return (data << 10 | remainder(data << 10, generator: 0x537, degree: 10)) ^ 0x5412
    }

    /// 18-bit version information for versions ≥ 7: 6 version bits + BCH(18,6)
    /// remainder with generator 0x1F25 (not masked).
    static func versionBits(version: Int) -> Int {
        version << 12 | remainder(version << 12, generator: 0x1F25, degree: 12)
    }

    /// Polynomial remainder over GF(2): `value mod generator`.
    private static func remainder(_ value: Int, generator: Int, degree: Int) -> Int {
        var value = value
        var shift = value.bitWidth - value.leadingZeroBitCount - 1
        while shift >= degree {
            if value >> shift & 1 == 1 { value ^= generator << (shift - degree) }
            shift -= 1
        }
        return value
    }
}
