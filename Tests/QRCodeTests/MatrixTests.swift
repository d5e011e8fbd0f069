import Testing
@testable import QRCode

@Suite("Symbol structure: function patterns and metadata placement")
struct MatrixTests {
    private func finderIsIntact(_ code: QRCode, originX: Int, originY: Int) -> Bool {
        for dy in -1...7 {
            for dx in -1...7 {
                let ring = max(abs(dx - 3), abs(dy - 3))
                // Ring 4 is the separator (light; outside the symbol counts as light too).
                if code.isDark(x: originX + dx, y: originY + dy) != (ring != 2 && ring != 4) { return false }
            }
        }
        return true
    }

    @Test("three finder patterns with light separators sit in the corners", arguments: [1, 7, 40])
    func finders(version: Int) throws {
        let code = try QRCode(text: "x", minimumVersion: version)
        #expect(code.size == 17 + 4 * version)
        #expect(finderIsIntact(code, originX: 0, originY: 0))
        #expect(finderIsIntact(code, originX: code.size - 7, originY: 0))
        #expect(finderIsIntact(code, originX: 0, originY: code.size - 7))
    }

    @Test("timing patterns alternate on row 6 and column 6, and the dark module is set", arguments: [1, 2, 7, 40])
    func timingAndDarkModule(version: Int) throws {
        let code = try QRCode(text: "x", minimumVersion: version)
        for i in 8..<(code.size - 8) {
            #expect(code.isDark(x: i, y: 6) == (i % 2 == 0))
            #expect(code.isDark(x: 6, y: i) == (i % 2 == 0))
        }
        #expect(code.isDark(x: 8, y: code.size - 8))
    }

    @Test("alignment patterns: dark centre, light ring, dark border at every table position except finder corners")
    func alignment() throws {
        let code = try QRCode(text: "x", minimumVersion: 15)
        let centers = VersionTable.alignmentPatternCenters[15]
        var drawn = 0
        for cy in centers {
            for cx in centers {
                if (cx == 6 && cy == 6) || (cx == 6 && cy == centers.last) || (cx == centers.last && cy == 6) { continue }
                drawn += 1
                for dy in -2...2 {
                    for dx in -2...2 {
                        #expect(code.isDark(x: cx + dx, y: cy + dy) == (max(abs(dx), abs(dy)) != 1))
                    }
                }
            }
        }
        #expect(drawn == 13)  // 4 × 4 positions minus the 3 finder corners
    }

    @Test("both copies of the format information decode to the level and mask in use",
          arguments: ErrorCorrection.allCases)
    func formatCopies(level: ErrorCorrection) throws {
        for mask in 0..<8 {
            let code = try QRCode(text: "format", errorCorrection: level, mask: mask)
            let n = code.size
            // Copy 1 positions for bits 0…14 (bit 0 = LSB), then copy 2.
            let copy1 = [(8, 0), (8, 1), (8, 2), (8, 3), (8, 4), (8, 5), (8, 7), (8, 8),
                         (7, 8), (5, 8), (4, 8), (3, 8), (2, 8), (1, 8), (0, 8)]
            let copy2 = (0..<8).map { (n - 1 - $0, 8) } + (8..<15).map { (8, n - 15 + $0) }
            func read(_ positions: [(Int, Int)]) -> Int {
                positions.enumerated().reduce(0) { $0 | (code.isDark(x: $1.element.0, y: $1.element.1) ? 1 << $1.offset : 0) }
            }
            let expected = FormatInformation.bits(level: level, mask: mask)
            #expect(read(copy1) == expected)
            #expect(read(copy2) == expected)
        }
    }

    @Test("version ≥ 7 carries two identical 6×3 version-information blocks", arguments: [7, 21, 40])
    func versionBlocks(version: Int) throws {
        let code = try QRCode(text: "v", minimumVersion: version)
        var upperRight = 0, lowerLeft = 0
        for i in 0..<18 {
            let a = code.size - 11 + i % 3, b = i / 3
            if code.isDark(x: a, y: b) { upperRight |= 1 << i }
            if code.isDark(x: b, y: a) { lowerLeft |= 1 << i }
        }
        #expect(upperRight == FormatInformation.versionBits(version: version))
        #expect(lowerLeft == FormatInformation.versionBits(version: version))
    }

    @Test("version 6 reserves no version-information area")
    func noVersionBlockBelow7() {
        let matrix = Matrix(version: 6)
        #expect(!matrix.isFunctionModule(x: matrix.size - 11, y: 0))
    }

    @Test("matrix rows mirror isDark, and modules outside the symbol read as light")
    func matrixView() throws {
        let code = try QRCode(text: "matrix")
        let rows = code.matrix
        #expect(rows.count == code.size && rows.allSatisfy { $0.count == code.size })
        for y in 0..<code.size { for x in 0..<code.size { #expect(rows[y][x] == code.isDark(x: x, y: y)) } }
        #expect(!code.isDark(x: -1, y: 0) && !code.isDark(x: 0, y: code.size))
    }
}
