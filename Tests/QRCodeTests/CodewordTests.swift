import Testing
@testable import QRCode

@Suite("Data codewords and interleaving")
struct CodewordTests {
    /// "hello", byte mode, 1-M, worked by hand:
    /// 0100 | 00000101 | 01101000 01100101 01101100 01101100 01101111 | 0000 terminator,
    /// regrouped into bytes 40 56 86 56 C6 C6 F0, then pads EC 11 … up to 16 codewords.
    static let helloData: [UInt8] = [0x40, 0x56, 0x86, 0x56, 0xC6, 0xC6, 0xF0,
                                     0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC]

    @Test("byte-mode segment for 'hello' at 1-M: mode, count, bytes, terminator, alternating pads")
    func helloDataCodewords() {
        #expect(Codewords.data(payload: Array("hello".utf8), version: 1, level: .medium) == Self.helloData)
    }

    @Test("'hello' 1-M EC codewords are 16 4F DF D4 8C 11 D1 5C 2F B7 (computed with Python reedsolo 1.7.0, RSCodec(10, fcr=0, prim=0x11D, generator=2))")
    func helloErrorCorrection() {
        let all = Codewords.interleaved(data: Self.helloData, version: 1, level: .medium)
        #expect(all == Self.helloData + [0x16, 0x4F, 0xDF, 0xD4, 0x8C, 0x11, 0xD1, 0x5C, 0x2F, 0xB7])
    }

    @Test("character count indicator is 16 bits from version 10 on")
    func countIndicatorWidth() {
        let v9 = Codewords.data(payload: [0xAB], version: 9, level: .low)
        let v10 = Codewords.data(payload: [0xAB], version: 10, level: .low)
        #expect(Array(v9.prefix(3)) == [0x40, 0x1A, 0xB0])        // 0100 00000001 10101011 0000
        #expect(Array(v10.prefix(4)) == [0x40, 0x00, 0x1A, 0xB0]) // 0100 0000000000000001 10101011 0000
    }

    @Test("a payload exactly at capacity gets a truncated terminator and no pad codewords")
    func fullSymbolPadding() {
        let payload = [UInt8](repeating: 0xFF, count: 14)
        let data = Codewords.data(payload: payload, version: 1, level: .medium)
        #expect(data.count == 16)
        // 4 + 8 + 112 = 124 bits, so only 4 terminator bits fit: last byte is 1111_0000.
        #expect(data.last == 0xF0)
    }

    @Test("5-Q interleaving: data column-wise across 15,15,16,16-codeword blocks, then EC column-wise")
    func interleaving() {
        let data = (0..<62).map { UInt8($0) }
        let all = Codewords.interleaved(data: data, version: 5, level: .quartile)
        #expect(all.count == 134)
        // Blocks start at 0, 15, 30, 46; group 2 blocks contribute the 16th column alone.
        var expected: [UInt8] = []
        for column in 0..<15 { expected += [0, 15, 30, 46].map { UInt8($0 + column) } }
        expected += [45, 61]
        #expect(Array(all.prefix(62)) == expected)
        let ec = (0..<4).map { block in
            ReedSolomon.errorCorrection(for: Array(data[[0, 15, 30, 46][block]..<[15, 30, 46, 62][block]]), count: 18)
        }
        #expect(Array(all[62..<66]) == ec.map { $0[0] })
        #expect(Array(all.suffix(4)) == ec.map { $0[17] })
    }
}
