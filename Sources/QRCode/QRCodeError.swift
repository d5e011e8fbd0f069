/// Why a QR code could not be built.
public enum QRCodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The payload exceeds what version 40 holds at the requested level.
    case dataTooLong(byteCount: Int, maximum: Int, errorCorrection: ErrorCorrection)
    /// `minimumVersion` was outside 1…40.
    case invalidVersion(Int)
    /// A forced mask outside 0…7.
    case invalidMask(Int)

    public var description: String {
        switch self {
        case let .dataTooLong(count, maximum, level):
            "QR code payload of \(count) bytes exceeds the \(maximum)-byte capacity of version 40 at error correction level \(level)"
        case let .invalidVersion(version):
            "QR code version \(version) is outside 1…40"
        case let .invalidMask(mask):
            "QR code mask \(mask) is outside 0…7"
        }
    }
}
