/// Error correction level: the share of codewords that can be restored.
public enum ErrorCorrection: Sendable, CaseIterable, Hashable {
    /// L: about 7 % of codewords recoverable.
    case low
    /// M: about 15 % (the usual choice for screens).
    case medium
    /// Q: about 25 %.
    case quartile
    /// H: about 30 %.
    case high

    /// Row in the version tables (ordered L, M, Q, H).
    var tableIndex: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .quartile: 2
        case .high: 3
        }
    }

    /// The two format-information bits; note the standard's non-monotonic order
    /// (ISO/IEC 18004 Table 12: L=01, M=00, Q=11, H=10).
    var formatBits: Int {
        switch self {
        case .low: 0b01
        case .medium: 0b00
        case .quartile: 0b11
        case .high: 0b10
        }
    }
}
