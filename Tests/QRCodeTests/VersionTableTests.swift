import Testing
@testable import QRCode

@Suite("Version tables: capacity, blocks, alignment patterns")
struct VersionTableTests {
    @Test("byte-mode capacity at level M: v1 = 14, v10 = 213, v40 = 2331 bytes")
    func capacityM() {
        #expect(QRCode.byteCapacity(version: 1, errorCorrection: .medium) == 14)
        #expect(QRCode.byteCapacity(version: 10, errorCorrection: .medium) == 213)
        #expect(QRCode.byteCapacity(version: 40, errorCorrection: .medium) == 2331)
    }

    @Test("byte-mode capacity spot checks for L, Q, H (ISO/IEC 18004 Table 7)")
    func capacityOtherLevels() {
        #expect(QRCode.byteCapacity(version: 1, errorCorrection: .low) == 17)
        #expect(QRCode.byteCapacity(version: 1, errorCorrection: .quartile) == 11)
        #expect(QRCode.byteCapacity(version: 1, errorCorrection: .high) == 7)
        #expect(QRCode.byteCapacity(version: 7, errorCorrection: .high) == 64)
        #expect(QRCode.byteCapacity(version: 25, errorCorrection: .quartile) == 715)
        #expect(QRCode.byteCapacity(version: 40, errorCorrection: .low) == 2953)
        #expect(QRCode.byteCapacity(version: 40, errorCorrection: .quartile) == 1663)
        #expect(QRCode.byteCapacity(version: 40, errorCorrection: .high) == 1273)
        #expect(QRCode.byteCapacity(version: 0, errorCorrection: .low) == 0)
        #expect(QRCode.byteCapacity(version: 41, errorCorrection: .low) == 0)
    }

    @Test("total codewords per version match Table 1 (v1 26, v2 44, v7 196, v14 581, v21 1156, v40 3706)")
    func totalCodewords() {
        let expected = [1: 26, 2: 44, 6: 172, 7: 196, 14: 581, 21: 1156, 28: 1921, 35: 2876, 40: 3706]
        for (version, count) in expected {
            #expect(VersionTable.totalCodewords(version: version) == count, "v\(version)")
        }
    }

    @Test("remainder bits are 0, 7, 0, 3, 4, 3, 0 for versions 1, 2–6, 7–13, 14–20, 21–27, 28–34, 35–40")
    func remainderBits() {
        for version in VersionTable.versions {
            let expected = switch version {
            case 1: 0
            case 2...6: 7
            case 7...13: 0
            case 14...20: 3
            case 21...27: 4
            case 28...34: 3
            default: 0
            }
            #expect(VersionTable.remainderBits(version: version) == expected, "v\(version)")
        }
    }

    @Test("block structure rows from Table 9 (EC per block, group 1 count × data, group 2 count × data)")
    func blockStructureRows() {
        func row(_ v: Int, _ l: ErrorCorrection) -> [Int] {
            let s = VersionTable.blockStructure(version: v, level: l)
            return [s.errorCorrectionCodewordsPerBlock, s.group1Blocks, s.group1DataCodewords, s.group2Blocks, s.group2DataCodewords]
        }
        #expect(row(1, .medium) == [10, 1, 16, 0, 0])
        #expect(row(1, .high) == [17, 1, 9, 0, 0])
        #expect(row(5, .quartile) == [18, 2, 15, 2, 16])
        #expect(row(5, .high) == [22, 2, 11, 2, 12])
        #expect(row(7, .medium) == [18, 4, 31, 0, 0])
        #expect(row(7, .high) == [26, 4, 13, 1, 14])
        #expect(row(10, .medium) == [26, 4, 43, 1, 44])
        #expect(row(15, .low) == [22, 5, 87, 1, 88])
        #expect(row(25, .quartile) == [30, 7, 24, 22, 25])
        #expect(row(40, .low) == [30, 19, 118, 6, 119])
        #expect(row(40, .medium) == [28, 18, 47, 31, 48])
        #expect(row(40, .high) == [30, 20, 15, 61, 16])
    }

    @Test("every version/level: blocks cover all codewords and data shrinks from L to H")
    func blockStructureConsistency() {
        for version in VersionTable.versions {
            var previous = Int.max
            for level in ErrorCorrection.allCases {
                let s = VersionTable.blockStructure(version: version, level: level)
                #expect(s.totalCodewords == VersionTable.totalCodewords(version: version))
                #expect(s.dataCodewords < previous)
                previous = s.dataCodewords
            }
        }
    }

    @Test("alignment table agrees with the spacing rule: evenly spaced from the far edge, 6 first")
    func alignmentCenters() {
        for version in VersionTable.versions {
            let centers = VersionTable.alignmentPatternCenters[version]
            guard version > 1 else { #expect(centers.isEmpty); continue }
            let count = version / 7 + 2
            let step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
            let size = VersionTable.size(version: version)
            let expected = [6] + (0..<(count - 1)).map { size - 7 - $0 * step }.reversed()
            #expect(centers == expected, "v\(version)")
        }
    }

    @Test("modules free for data equal 8 × total codewords + remainder bits for every version")
    func dataModuleCount() {
        for version in VersionTable.versions {
            #expect(Matrix(version: version).dataModuleCount == VersionTable.rawDataModules(version: version), "v\(version)")
        }
    }
}
