/// The DATA-phase transparency procedure of RFC 5321 §4.5.2.
enum DotStuffing {
    /// Doubles a leading "." on every line, makes sure the content ends with CRLF and appends
    /// the terminating ".\r\n". The input must already use CRLF line endings.
    static func encode(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + message.count / 64 + 5)
        var atLineStart = true
        for byte in message {
            if atLineStart && byte == UInt8(ascii: ".") {
                output.append(UInt8(ascii: "."))
            }
            output.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        if !output.isEmpty && !output.ends(with: [13, 10]) {
            output += [13, 10]
        }
        output += Array(".\r\n".utf8)
        return output
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
