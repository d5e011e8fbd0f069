import Testing
@testable import QRCode

@Suite("GF(256) arithmetic with polynomial 0x11D")
struct GaloisFieldTests {
    @Test("α^0…α^8 are 1, 2, 4, …, 128, then 0x1D after reduction by 0x11D")
    func firstPowers() {
        #expect((0...8).map { GaloisField.alphaPower($0) } == [1, 2, 4, 8, 16, 32, 64, 128, 29])
        // Values from the thonky.com QR tutorial's log/antilog table.
        #expect(GaloisField.alphaPower(25) == 3)
        #expect(GaloisField.alphaPower(254) == 142)
        #expect(GaloisField.alphaPower(255) == 1)
    }

    @Test("exp and log are inverse over all 255 non-zero elements")
    func expLogInverse() {
        #expect(Set((0..<255).map { GaloisField.alphaPower($0) }).count == 255)
        for value in 1...255 {
            #expect(Int(GaloisField.exp[GaloisField.log[value]]) == value)
        }
    }

    @Test("multiplication: zero annihilates, one is identity, carry-less without reduction, reduces past 8 bits")
    func multiply() {
        #expect(GaloisField.multiply(0, 200) == 0)
        #expect(GaloisField.multiply(200, 0) == 0)
        #expect(GaloisField.multiply(1, 173) == 173)
        #expect(GaloisField.multiply(3, 7) == 9)        // (x+1)(x²+x+1) = x³+1
        #expect(GaloisField.multiply(2, 0x80) == 0x1D)  // x·x⁷ = x⁸ ≡ x⁴+x³+x²+1
        #expect(GaloisField.multiply(0x8E, 2) == 1)     // α^254 · α = α^255 = 1
    }

    @Test("multiplication is commutative and distributes over XOR")
    func fieldLaws() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let a = rng.nextByte(), b = rng.nextByte(), c = rng.nextByte()
            #expect(GaloisField.multiply(a, b) == GaloisField.multiply(b, a))
            #expect(GaloisField.multiply(a, b ^ c) == GaloisField.multiply(a, b) ^ GaloisField.multiply(a, c))
        }
    }
}
