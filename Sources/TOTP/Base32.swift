/// RFC 4648 §6 base32 (alphabet A–Z, 2–7).
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Encodes without `=` padding (as otpauth URIs and authenticator apps expect).
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[Int((buffer >> UInt32(bits)) & 0x1F)])
            }
        }
        if bits > 0 {
            out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 0x1F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes base32 typed or pasted by a person: case-insensitive, ignoring spaces, tabs,
    /// newlines and hyphens, accepting trailing `=` padding. Returns nil for any other character,
    /// `=` before the end, or a length no encoder produces (1, 3 or 6 symbols past a multiple of 8).
    /// Leftover bits in the last symbol are ignored.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        var symbols = 0
        var padding = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "-"):
                continue
            case UInt8(ascii: "="):
                padding = true
                continue
            default:
                guard !padding, let value = symbolValue(byte) else { return nil }
                buffer = (buffer << 5) | UInt32(value)
                bits += 5
                symbols += 1
                if bits >= 8 {
                    bits -= 8
                    out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
                }
            }
        }
        guard [0, 2, 4, 5, 7].contains(symbols % 8) else { return nil }
        return out
    }

    /// Splits `text` into groups of `size` characters joined by `separator` ("JBSW Y3DP EHPK 3PXP"),
    /// for showing a secret to a person who will type it.
    public static func grouped(_ text: some StringProtocol, size: Int = 4, separator: String = " ") -> String {
        guard size > 0 else { return String(text) }
        var groups: [Substring] = []
        var start = text.startIndex
        let whole = Substring(text)
        while start < whole.endIndex {
            let end = whole.index(start, offsetBy: size, limitedBy: whole.endIndex) ?? whole.endIndex
            groups.append(whole[start..<end])
            start = end
        }
        return groups.joined(separator: separator)
    }

    private static func symbolValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): byte - UInt8(ascii: "2") + 26
        default: nil
        }
    }
}
