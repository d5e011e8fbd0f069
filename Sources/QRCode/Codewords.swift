/// Builds the final codeword sequence: byte-mode segment, padding, RS blocks, interleaving.
enum Codewords {
    /// Data codewords for a byte-mode segment (ISO/IEC 18004 §7.4), padded to capacity.
    /// The caller guarantees `payload.count <= VersionTable.byteCapacity(...)`.
    static func data(payload: [UInt8], version: Int, level: ErrorCorrection) -> [UInt8] {
        let capacityBits = VersionTable.dataCodewords(version: version, level: level) * 8
        var bits = BitBuffer()
        bits.append(0b0100, length: 4)  // byte mode indicator
        bits.append(payload.count, length: VersionTable.byteModeCountBits(version: version))
        for byte in payload { bits.append(Int(byte), length: 8) }
        // Terminator: up to four zero bits, fewer if the symbol is already full.
        bits.append(0, length: min(4, capacityBits - bits.count))
        while bits.count % 8 != 0 { bits.appendBit(false) }
        // Pad codewords alternate 11101100 and 00010001.
        var result = bits.bytes
        var pad: UInt8 = 0xEC
        while result.count * 8 < capacityBits {
            result.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return result
    }

    /// Splits data into blocks, appends EC codewords to each, and interleaves
    /// column-wise: all blocks' first data codeword, then the second, …, then the EC codewords.
    static func interleaved(data: [UInt8], version: Int, level: ErrorCorrection) -> [UInt8] {
        let structure = VersionTable.blockStructure(version: version, level: level)
        precondition(data.count == structure.dataCodewords)
        let generator = ReedSolomon.generator(degree: structure.errorCorrectionCodewordsPerBlock)

        var dataBlocks: [ArraySlice<UInt8>] = []
        var ecBlocks: [[UInt8]] = []
        var offset = 0
        for index in 0..<structure.blockCount {
            let length = index < structure.group1Blocks ? structure.group1DataCodewords : structure.group2DataCodewords
            let block = data[offset..<offset + length]
            offset += length
            dataBlocks.append(block)
            ecBlocks.append(ReedSolomon.errorCorrection(for: Array(block), generator: generator))
        }

        var result: [UInt8] = []
        result.reserveCapacity(structure.totalCodewords)
        let longest = max(structure.group1DataCodewords, structure.group2DataCodewords)
        for column in 0..<longest {
            for block in dataBlocks where column < block.count {
                result.append(block[block.startIndex + column])
            }
        }
        for column in 0..<structure.errorCorrectionCodewordsPerBlock {
            for block in ecBlocks { result.append(block[column]) }
        }
        return result
    }
}
