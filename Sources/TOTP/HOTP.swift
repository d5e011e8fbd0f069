import Crypto

/// RFC 4226 HMAC-based one-time passwords.
///
/// The value never shows its secret in `description`, `debugDescription` or a mirror.
public struct HOTP: Sendable {
    /// RFC 4226 R6: at least 128 bits of shared secret.
    public static let minimumSecretByteCount = 16
    public static let supportedDigits: ClosedRange<Int> = 6...8

    public let algorithm: OTPAlgorithm
    public let digits: Int
    private let key: SymmetricKey

    public init(secret: [UInt8], algorithm: OTPAlgorithm = .sha1, digits: Int = 6) throws(OTPError) {
        guard secret.count >= Self.minimumSecretByteCount else {
            throw .secretTooShort(byteCount: secret.count)
        }
        guard Self.supportedDigits.contains(digits) else { throw .unsupportedDigits(digits) }
        self.key = SymmetricKey(data: secret)
        self.algorithm = algorithm
        self.digits = digits
    }

    /// The code for `counter`, zero-padded to ``digits`` ASCII digits.
    public func code(counter: UInt64) -> String {
        String(decoding: codeBytes(counter: counter), as: UTF8.self)
    }

    /// True when `code` is exactly ``digits`` ASCII digits (no spaces, signs or other scripts' digits).
    public func isWellFormed(code: String) -> Bool {
        CodeComparison.asciiDigits(code, count: digits) != nil
    }

    /// The code as ASCII digit bytes (for constant-time comparison).
    func codeBytes(counter: UInt64) -> [UInt8] {
        var message = [UInt8](repeating: 0, count: 8)
        for index in 0..<8 {
            message[index] = UInt8(truncatingIfNeeded: counter >> (56 - 8 * UInt64(index)))
        }
        let mac = algorithm.authenticationCode(for: message, key: key)
        // RFC 4226 §5.3 dynamic truncation.
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = UInt32(mac[offset] & 0x7F) << 24 | UInt32(mac[offset + 1]) << 16
            | UInt32(mac[offset + 2]) << 8 | UInt32(mac[offset + 3])
        var value = binary
        var out = [UInt8](repeating: UInt8(ascii: "0"), count: digits)
        for index in stride(from: digits - 1, through: 0, by: -1) {
            out[index] = UInt8(ascii: "0") + UInt8(value % 10)
            value /= 10
        }
        return out
    }
}

extension HOTP: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "HOTP(\(algorithm.rawValue), \(digits) digits, secret redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
