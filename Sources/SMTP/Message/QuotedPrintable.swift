/// RFC 2045 quoted-printable encoding of UTF-8 text.
///
/// Line breaks in the input (CRLF, LF or CR) become CRLF; every encoded line is at most 76
/// characters, using soft line breaks (`=` at the end of a line) where needed.
enum QuotedPrintable {
    static let maxLineLength = 76

    static func encode(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count * 2)
        for (index, line) in lines(of: text).enumerated() {
            if index > 0 { output += "\r\n" }
            encodeLine(line, into: &output)
        }
        return output
    }

    /// Splits on CRLF, LF or lone CR.
    static func lines(of text: String) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var current: [UInt8] = []
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = byte == UInt8(ascii: "\r")
            if byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") {
                result.append(current)
                current = []
            } else {
                current.append(byte)
            }
        }
        result.append(current)
        return result
    }

    private static func encodeLine(_ line: [UInt8], into output: inout String) {
        var lineLength = 0
        for (index, byte) in line.enumerated() {
            let isLast = index == line.count - 1
            let token = encodedToken(byte, isLastInLine: isLast)
            // Keep room for the soft-break "=" unless this token ends the line.
            let limit = isLast ? maxLineLength : maxLineLength - 1
            if lineLength + token.utf8.count > limit {
                output += "=\r\n"
                lineLength = 0
            }
            output += token
            lineLength += token.utf8.count
        }
    }

    private static func encodedToken(_ byte: UInt8, isLastInLine: Bool) -> String {
        let isLiteral = (33...126).contains(byte) && byte != UInt8(ascii: "=")
        let isInnerWhitespace = (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) && !isLastInLine
        if isLiteral || isInnerWhitespace {
            return String(UnicodeScalar(byte))
        }
        return "=" + hex(byte)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
