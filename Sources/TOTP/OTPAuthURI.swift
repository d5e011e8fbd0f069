/// `otpauth://` URIs in Google Authenticator's key-uri format, for QR codes.
public enum OTPAuthURI {
    /// `otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30`.
    ///
    /// Issuer and account are percent-encoded as UTF-8 outside RFC 3986's unreserved set
    /// (so a space is `%20` and a `:` inside either is `%3A`). An empty issuer leaves out both
    /// the label prefix and the `issuer` parameter.
    public static func totp(secret: TOTPSecret, issuer: String, account: String,
                            algorithm: OTPAlgorithm = .sha1, digits: Int = 6,
                            period: Int = TOTP.defaultPeriod) -> String {
        let label = issuer.isEmpty ? percentEncode(account) : percentEncode(issuer) + ":" + percentEncode(account)
        var query = "secret=" + secret.base32
        if !issuer.isEmpty { query += "&issuer=" + percentEncode(issuer) }
        query += "&algorithm=\(algorithm.rawValue)&digits=\(digits)&period=\(period)"
        return "otpauth://totp/" + label + "?" + query
    }

    /// RFC 3986 percent-encoding of everything but ALPHA / DIGIT / "-" / "." / "_" / "~".
    public static func percentEncode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
