import Testing
@testable import QRCode

@Suite("Reed–Solomon error correction codewords")
struct ReedSolomonTests {
    /// Coefficients as α exponents, highest power first.
    private func exponents(_ poly: [UInt8]) -> [Int] { poly.map { GaloisField.log[Int($0)] } }

    @Test("generator for 7 EC codewords is α0,87,229,146,149,238,102,21 (ISO/IEC 18004 Annex A)")
    func generator7() {
        #expect(exponents(ReedSolomon.generator(degree: 7)) == [0, 87, 229, 146, 149, 238, 102, 21])
    }

    @Test("generator for 10 EC codewords is α0,251,67,46,61,118,70,64,94,32,45 (thonky.com tutorial)")
    func generator10() {
        #expect(exponents(ReedSolomon.generator(degree: 10)) == [0, 251, 67, 46, 61, 118, 70, 64, 94, 32, 45])
    }

    @Test("generators are monic of the requested degree for every block size QR uses")
    func generatorShapes() {
        for degree in [7, 10, 13, 15, 16, 17, 18, 20, 22, 24, 26, 28, 30] {
            let poly = ReedSolomon.generator(degree: degree)
            #expect(poly.count == degree + 1)
            #expect(poly.first == 1)
        }
    }

    @Test("'HELLO WORLD' 1-M data gives EC 196 35 39 119 235 215 231 226 93 23 (thonky.com tutorial)")
    func helloWorld() {
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        #expect(ReedSolomon.errorCorrection(for: data, count: 10) == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
    }

    @Test("'01234567' 1-M data gives EC A5 24 D4 C1 ED 36 C7 87 2C 55 (ISO/IEC 18004 Annex I)")
    func isoExample() {
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        #expect(ReedSolomon.errorCorrection(for: data, count: 10) == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test("codeword polynomial data‖EC has α^0…α^(n−1) as roots")
    func rootsVanish() {
        var rng = SplitMix64(seed: 42)
        let data = (0..<40).map { _ in rng.nextByte() }
        let codeword = data + ReedSolomon.errorCorrection(for: data, count: 22)
        for i in 0..<22 {
            let root = GaloisField.alphaPower(i)
            // Horner evaluation, highest power first.
            let value = codeword.reduce(UInt8(0)) { GaloisField.multiply($0, root) ^ $1 }
            #expect(value == 0, "codeword(α^\(i)) ≠ 0")
        }
    }
}
