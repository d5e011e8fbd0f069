/// Why a one-time-password value could not be built.
public enum OTPError: Error, Equatable, Sendable {
    /// RFC 4226 R6: a shared secret must have at least 128 bits (16 bytes).
    case secretTooShort(byteCount: Int)
    /// Only 6, 7 or 8 digits are supported (authenticator apps show 6 or 8).
    case unsupportedDigits(Int)
    /// The time step must be at least one second.
    case invalidPeriod(Int)
    /// The text is not base32 (RFC 4648), or decodes to an impossible length.
    case invalidBase32
    /// The injected random byte source returned a different number of bytes than asked for.
    case randomSourceReturnedWrongLength(expected: Int, got: Int)
}
