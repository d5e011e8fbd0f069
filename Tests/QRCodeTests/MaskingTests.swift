import Testing
@testable import QRCode

@Suite("Mask patterns and penalty scoring")
struct MaskingTests {
    @Test("mask formulas on sample modules (x = column, y = row)")
    func maskFormulas() {
        // Row 0 of each mask over columns 0…5 and row 1, from the ISO/IEC 18004 Table 10 conditions.
        let row0: [[Bool]] = [
            [true, false, true, false, true, false],   // (x+y) mod 2
            [true, true, true, true, true, true],      // y mod 2
            [true, false, false, true, false, false],  // x mod 3
            [true, false, false, true, false, false],  // (x+y) mod 3
            [true, true, true, false, false, false],   // (x/3 + y/2) mod 2
            [true, true, true, true, true, true],      // xy mod 2 + xy mod 3
            [true, true, true, true, true, true],      // (xy mod 2 + xy mod 3) mod 2
            [true, false, true, false, true, false],   // ((x+y) mod 2 + xy mod 3) mod 2
        ]
        for mask in 0..<8 {
            #expect((0..<6).map { Masking.isInverted(mask: mask, x: $0, y: 0) } == row0[mask], "mask \(mask)")
        }
        // Row 1 distinguishes the product-based masks: xy = x.
        #expect((0..<6).map { Masking.isInverted(mask: 5, x: $0, y: 1) } == [true, false, false, false, false, false])
        #expect((0..<6).map { Masking.isInverted(mask: 6, x: $0, y: 1) } == [true, true, true, false, false, false])
        #expect((0..<6).map { Masking.isInverted(mask: 7, x: $0, y: 1) } == [false, false, false, true, true, true])
    }

    @Test("N1: a run of 5 scores 3, each extra module one more; shorter runs score nothing")
    func runPenalty() {
        #expect(Masking.runPenalty([true, true, true, true]) == 0)
        #expect(Masking.runPenalty([true, true, true, true, true]) == 3)
        #expect(Masking.runPenalty([false] + Array(repeating: true, count: 7) + [false]) == 5)
        #expect(Masking.runPenalty(Array(repeating: false, count: 5) + Array(repeating: true, count: 6)) == 3 + 4)
    }

    @Test("N3: 1:1:3:1:1 with four light modules on a side scores 40 per side; the edge counts as light")
    func finderLikePenalty() {
        let core: [Bool] = [true, false, true, true, true, false, true]
        let light4 = [Bool](repeating: false, count: 4)
        let dark = [true]
        #expect(Masking.finderLikePenalty(dark + light4 + core + dark) == 40)          // light before only
        #expect(Masking.finderLikePenalty(dark + core + light4 + dark) == 40)          // light after only
        #expect(Masking.finderLikePenalty(dark + light4 + core + light4 + dark) == 80) // both sides
        #expect(Masking.finderLikePenalty(core + dark) == 40)                          // symbol edge is light
        #expect(Masking.finderLikePenalty(dark + [false, false, false] + core + dark) == 0)
    }

    @Test("N2 and N4 on small matrices: 2×2 blocks score 3 each; an all-light symbol is 10 × 10 off balance")
    func blockAndBalance() {
        // A fresh v1 matrix has no data yet; compare against direct counting.
        let matrix = Matrix(version: 1)
        var blocks = 0
        for y in 0..<20 { for x in 0..<20 where Set([matrix[x, y], matrix[x + 1, y], matrix[x, y + 1], matrix[x + 1, y + 1]]).count == 1 { blocks += 1 } }
        #expect(Masking.blockPenalty(matrix) == 3 * blocks)
        let dark = matrix.modules.filter { $0 }.count
        let percent = Double(dark) * 100 / Double(matrix.modules.count)
        #expect(Masking.balancePenalty(matrix) == Int(abs(percent - 50) / 5) * 10)
    }

    @Test("the chosen mask has the lowest penalty of the eight (first on ties)",
          arguments: [("otpauth://totp/Gatehouse:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Gatehouse", 1),
                      ("hello", 1), ("", 1), ("ünïcödé", 3), ("mask check", 7), ("x", 12)])
    func lowestPenaltyChosen(text: String, minimumVersion: Int) throws {
        for level in ErrorCorrection.allCases {
            let code = try QRCode(text: text, errorCorrection: level, minimumVersion: minimumVersion)
            let scores = (0..<8).map { code.penalty(mask: $0) }
            let lowest = try #require(scores.min())
            #expect(code.penalty(mask: code.mask) == lowest, "scores \(scores)")
            #expect(scores.firstIndex(of: lowest) == code.mask)
        }
    }

    @Test("forcing a mask yields the same data as the automatic choice, masked differently")
    func forcedMask() throws {
        let auto = try QRCode(text: "forced")
        for mask in 0..<8 {
            let forced = try QRCode(text: "forced", mask: mask)
            #expect(forced.mask == mask)
            #expect(forced.penalty(mask: auto.mask) == auto.penalty(mask: auto.mask))
            #expect((forced == auto) == (mask == auto.mask))
        }
    }
}
