/// How the codewords of one version/level split into Reed–Solomon blocks.
/// Group 2 blocks (if any) carry one more data codeword than group 1 blocks.
struct BlockStructure: Equatable, Sendable {
    let errorCorrectionCodewordsPerBlock: Int
    let group1Blocks: Int
    let group1DataCodewords: Int
    let group2Blocks: Int
    let group2DataCodewords: Int

    var blockCount: Int { group1Blocks + group2Blocks }
    var dataCodewords: Int { group1Blocks * group1DataCodewords + group2Blocks * group2DataCodewords }
    var totalCodewords: Int { dataCodewords + blockCount * errorCorrectionCodewordsPerBlock }
}

/// Per-version constants from ISO/IEC 18004 (Table 9 and Annex E).
enum VersionTable {
    static let versions = 1...40

    static func size(version: Int) -> Int { 17 + 4 * version }

    /// EC codewords per block, indexed [level][version] (index 0 unused). Table 9.
    private static let errorCorrectionCodewordsPerBlock: [[Int]] = [
        [0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
         28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
         26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
        [0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
         28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
         30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    ]

    /// Total number of RS blocks (group 1 + group 2), indexed [level][version]. Table 9.
    private static let blockCounts: [[Int]] = [
        [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
         8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
        [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
         17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
        [0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
         23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
        [0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
         25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
    ]

    /// Centre row/column coordinates of alignment patterns. Annex E, Table E.1.
    static let alignmentPatternCenters: [[Int]] = [
        [],
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34],
        [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54], [6, 32, 58], [6, 34, 62],
        [6, 26, 46, 66], [6, 26, 48, 70], [6, 26, 50, 74], [6, 30, 54, 78], [6, 30, 56, 82],
        [6, 30, 58, 86], [6, 34, 62, 90],
        [6, 28, 50, 72, 94], [6, 26, 50, 74, 98], [6, 30, 54, 78, 102], [6, 28, 54, 80, 106],
        [6, 32, 58, 84, 110], [6, 30, 58, 86, 114], [6, 34, 62, 90, 118],
        [6, 26, 50, 74, 98, 122], [6, 30, 54, 78, 102, 126], [6, 26, 52, 78, 104, 130],
        [6, 30, 56, 82, 108, 134], [6, 34, 60, 86, 112, 138], [6, 30, 58, 86, 114, 142],
        [6, 34, 62, 90, 118, 146],
        [6, 30, 54, 78, 102, 126, 150], [6, 24, 50, 76, 102, 128, 154], [6, 28, 54, 80, 106, 132, 158],
        [6, 32, 58, 84, 110, 136, 162], [6, 26, 54, 82, 110, 138, 166], [6, 30, 58, 86, 114, 142, 170],
    ]

    /// Modules left for codewords and remainder bits once every function pattern,
    /// format and version area is reserved.
    static func rawDataModules(version: Int) -> Int {
        let size = size(version: version)
        var modules = size * size
        modules -= 3 * 64 + 2 * 15 + 1          // finders with separators, format info ×2, dark module
        modules -= 2 * (size - 16)              // timing patterns between the separators
        let centers = alignmentPatternCenters[version]
        if !centers.isEmpty {
            let count = centers.count * centers.count - 3   // none overlaps a finder
            modules -= 25 * count
            modules += 2 * 5 * (centers.count - 2)         // those on row/column 6 re-cover timing
        }
        if version >= 7 { modules -= 2 * 18 }              // version information ×2
        return modules
    }

    /// Zero bits padded after the last codeword (0, 3, 4 or 7; Table 1).
    static func remainderBits(version: Int) -> Int { rawDataModules(version: version) % 8 }

    static func totalCodewords(version: Int) -> Int { rawDataModules(version: version) / 8 }

    static func blockStructure(version: Int, level: ErrorCorrection) -> BlockStructure {
        let ecPerBlock = errorCorrectionCodewordsPerBlock[level.tableIndex][version]
        let blocks = blockCounts[level.tableIndex][version]
        let total = totalCodewords(version: version)
        // Blocks are as even as possible; the longer ones come last (group 2).
        let group2 = total % blocks
        let shortData = total / blocks - ecPerBlock
        return BlockStructure(
            errorCorrectionCodewordsPerBlock: ecPerBlock,
            group1Blocks: blocks - group2,
            group1DataCodewords: shortData,
            group2Blocks: group2,
            group2DataCodewords: group2 == 0 ? 0 : shortData + 1
        )
    }

    static func dataCodewords(version: Int, level: ErrorCorrection) -> Int {
        blockStructure(version: version, level: level).dataCodewords
    }

    /// Bits of the byte-mode character count indicator (Table 3).
    static func byteModeCountBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// Largest byte-mode payload: 4 bits of mode indicator plus the count must fit too.
    static func byteCapacity(version: Int, level: ErrorCorrection) -> Int {
        (dataCodewords(version: version, level: level) * 8 - 4 - byteModeCountBits(version: version)) / 8
    }
}
