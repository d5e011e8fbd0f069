/// A TOTP shared secret. Its `description`, `debugDescription` and mirror never show the bytes.
public struct TOTPSecret: Sendable {
    /// 160 bits, the length RFC 4226 recommends and authenticator apps expect for SHA-1.
    public static let generatedByteCount = 20

    public let bytes: [UInt8]

    /// Wraps existing secret bytes; at least ``HOTP/minimumSecretByteCount`` of them.
    public init(bytes: [UInt8]) throws(OTPError) {
        guard bytes.count >= HOTP.minimumSecretByteCount else {
            throw .secretTooShort(byteCount: bytes.count)
        }
        self.bytes = bytes
    }

    /// Parses a base32 secret (see ``Base32/decode(_:)`` for what is tolerated).
    public init(base32: String) throws(OTPError) {
        guard let bytes = Base32.decode(base32) else { throw .invalidBase32 }
        try self.init(bytes: bytes)
    }

    /// A new 160-bit secret from `randomBytes`, which must return exactly the number of bytes
    /// asked for; inject the server's CSPRNG, e.g. `TOTPSecret.generate { randomSource.bytes($0) }`.
    public static func generate(using randomBytes: (_ count: Int) throws -> [UInt8]) throws -> TOTPSecret {
        let bytes = try randomBytes(generatedByteCount)
        guard bytes.count == generatedByteCount else {
            throw OTPError.randomSourceReturnedWrongLength(expected: generatedByteCount, got: bytes.count)
        }
        return try TOTPSecret(bytes: bytes)
    }

    /// Unpadded base32, for storage and otpauth URIs.
    public var base32: String { Base32.encode(bytes) }

    /// Base32 in groups of four ("JBSW Y3DP …") for a person to type into an authenticator app.
    public var groupedBase32: String { Base32.grouped(base32) }
}

extension TOTPSecret: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "TOTPSecret(\(bytes.count) bytes, redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
