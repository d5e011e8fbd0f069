/// Arithmetic in GF(2^8) with the QR code primitive polynomial
/// x^8 + x^4 + x^3 + x^2 + 1 (0x11D) and generator α = 2 (ISO/IEC 18004 §7.5.2).
enum GaloisField {
    static let primitivePolynomial = 0x11D

    /// exp[i] = α^i. Doubled to 510 entries so `multiply` never needs a modulo.
    static let exp: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 510)
        var value = 1
        for i in 0..<255 {
            table[i] = UInt8(value)
            table[i + 255] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= primitivePolynomial }
        }
        return table
    }()

    /// log[v] = i such that α^i = v; log[0] is unused (zero has no logarithm).
    static let log: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for i in 0..<255 { table[Int(exp[i])] = i }
        return table
    }()

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return exp[log[Int(a)] + log[Int(b)]]
    }

    /// α^power for any non-negative power.
    static func alphaPower(_ power: Int) -> UInt8 {
        exp[power % 255]
    }
}
