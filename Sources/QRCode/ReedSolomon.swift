/// Reed–Solomon error correction codewords as used by QR codes (ISO/IEC 18004 §7.5.2).
enum ReedSolomon {
    /// Generator polynomial g(x) = (x − α^0)(x − α^1)…(x − α^(degree−1)),
    /// coefficients from the highest power down; the leading coefficient is 1.
    static func generator(degree: Int) -> [UInt8] {
        var poly: [UInt8] = [1]
        for i in 0..<degree {
            // Multiply by (x + α^i); in GF(2^8) subtraction is XOR, so − equals +.
            let root = GaloisField.alphaPower(i)
            var next = [UInt8](repeating: 0, count: poly.count + 1)
            for (j, coefficient) in poly.enumerated() {
                next[j] ^= coefficient
                next[j + 1] ^= GaloisField.multiply(coefficient, root)
            }
            poly = next
        }
        return poly
    }

    /// Remainder of data(x)·x^n divided by the generator: the n EC codewords.
    static func errorCorrection(for data: [UInt8], generator: [UInt8]) -> [UInt8] {
        let degree = generator.count - 1
        var remainder = [UInt8](repeating: 0, count: degree)
        for byte in data {
            let factor = byte ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            for i in 0..<degree {
                remainder[i] ^= GaloisField.multiply(generator[i + 1], factor)
            }
        }
        return remainder
    }

    static func errorCorrection(for data: [UInt8], count: Int) -> [UInt8] {
        errorCorrection(for: data, generator: generator(degree: count))
    }
}
