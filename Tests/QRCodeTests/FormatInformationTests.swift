import Testing
@testable import QRCode

@Suite("Format and version information (BCH codes)")
struct FormatInformationTests {
    /// ISO/IEC 18004 Table C.1 (also thonky.com "Format and Version String Tables"), masks 0…7.
    static let formatTable: [(ErrorCorrection, [String])] = [
        (.low, ["111011111000100", "111001011110011", "111110110101010", "111100010011101",
                "110011000101111", "110001100011000", "110110001000001", "110100101110110"]),
        (.medium, ["101010000010010", "101000100100101", "101111001111100", "101101101001011",
                   "100010111111001", "100000011001110", "100111110010111", "100101010100000"]),
        (.quartile, ["011010101011111", "011000001101000", "011111100110001", "011101000000110",
                     "010010010110100", "010000110000011", "010111011011010", "010101111101101"]),
        (.high, ["001011010001001", "001001110111110", "001110011100111", "001100111010000",
                 "000011101100010", "000001001010101", "000110100001100", "000100000111011"]),
    ]

    @Test("format bits for every level and mask match the standard's table", arguments: formatTable)
    func formatBits(level: ErrorCorrection, expected: [String]) {
        for mask in 0..<8 {
            #expect(FormatInformation.bits(level: level, mask: mask) == Int(expected[mask], radix: 2), "mask \(mask)")
        }
    }

    @Test("the 32 format codes differ pairwise in at least 7 bits (BCH(15,5) distance)")
    func formatDistance() {
        let codes = ErrorCorrection.allCases.flatMap { level in (0..<8).map { FormatInformation.bits(level: level, mask: $0) } }
        for i in codes.indices {
            for j in codes.indices where j > i {
                #expect((codes[i] ^ codes[j]).nonzeroBitCount >= 7)
            }
        }
    }

    @Test("version bits match the standard's table: 7 → 0x07C94, 8 → 0x085BC, 10 → 0x0A4D3, 40 → 0x28C69")
    func versionBits() {
        #expect(FormatInformation.versionBits(version: 7) == 0x07C94)
        #expect(FormatInformation.versionBits(version: 8) == 0x085BC)
        #expect(FormatInformation.versionBits(version: 10) == 0x0A4D3)
        #expect(FormatInformation.versionBits(version: 40) == 0x28C69)
    }

    @Test("the 34 version codes differ pairwise in at least 8 bits (BCH(18,6) distance)")
    func versionDistance() {
        let codes = (7...40).map { FormatInformation.versionBits(version: $0) }
        for i in codes.indices {
            #expect(codes[i] >> 12 == i + 7)
            for j in codes.indices where j > i {
                #expect((codes[i] ^ codes[j]).nonzeroBitCount >= 8)
            }
        }
    }
}
