/// A QR code symbol (ISO/IEC 18004 Model 2) encoding bytes in byte mode.
///
/// Coordinates: `x` is the column, `y` the row, (0, 0) the top-left module;
/// the 4-module quiet zone is not part of `size`.
public struct QRCode: Sendable, Hashable {
    public static let versionRange = 1...40

    /// 1…40; the symbol is `17 + 4 × version` modules wide.
    public let version: Int
    /// Modules per side, without the quiet zone.
    public let size: Int
    public let errorCorrection: ErrorCorrection
    /// The data mask pattern 0…7 in use.
    public let mask: Int
    /// Row-major, `size × size`.
    private let modules: [Bool]

    /// Encodes `bytes` in the smallest version ≥ `minimumVersion` that holds them.
    /// - Parameter mask: force a mask pattern (0…7) instead of the lowest-penalty one;
    ///   meant for tests and diagnostics.
    public init(
        bytes: some Collection<UInt8>,
        errorCorrection: ErrorCorrection = .medium,
        minimumVersion: Int = 1,
        mask forcedMask: Int? = nil
    ) throws(QRCodeError) {
        guard Self.versionRange.contains(minimumVersion) else { throw .invalidVersion(minimumVersion) }
        if let forcedMask, !Masking.patterns.contains(forcedMask) { throw .invalidMask(forcedMask) }
        let payload = Array(bytes)
        guard let version = (minimumVersion...40).first(where: {
            payload.count <= VersionTable.byteCapacity(version: $0, level: errorCorrection)
        }) else {
            throw .dataTooLong(
                byteCount: payload.count,
                maximum: VersionTable.byteCapacity(version: 40, level: errorCorrection),
                errorCorrection: errorCorrection
            )
        }

        let unmasked = Self.unmaskedMatrix(payload: payload, version: version, level: errorCorrection)
        let chosenMask = forcedMask ?? Self.lowestPenaltyMask(unmasked, level: errorCorrection)
        let final = Masking.apply(mask: chosenMask, to: unmasked, level: errorCorrection)

        self.version = version
        self.size = final.size
        self.errorCorrection = errorCorrection
        self.mask = chosenMask
        self.modules = final.modules
    }

    /// Encodes the UTF-8 bytes of `text` (no ECI header; see the package README).
    public init(
        text: String,
        errorCorrection: ErrorCorrection = .medium,
        minimumVersion: Int = 1,
        mask: Int? = nil
    ) throws(QRCodeError) {
        try self.init(bytes: text.utf8, errorCorrection: errorCorrection, minimumVersion: minimumVersion, mask: mask)
    }

    /// Whether the module at column `x`, row `y` is dark; anything outside the
    /// symbol (the quiet zone) is light.
    public func isDark(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }

    /// The modules as rows of columns: `matrix[y][x]`.
    public var matrix: [[Bool]] {
        (0..<size).map { y in Array(modules[(y * size)..<((y + 1) * size)]) }
    }

    /// Most bytes that fit in `version` at `errorCorrection` in byte mode.
    public static func byteCapacity(version: Int, errorCorrection: ErrorCorrection) -> Int {
        guard versionRange.contains(version) else { return 0 }
        return VersionTable.byteCapacity(version: version, level: errorCorrection)
    }

    // MARK: Internals (reachable from tests via @testable import)

    static func unmaskedMatrix(payload: [UInt8], version: Int, level: ErrorCorrection) -> Matrix {
        let data = Codewords.data(payload: payload, version: version, level: level)
        var matrix = Matrix(version: version)
        matrix.placeCodewords(Codewords.interleaved(data: data, version: version, level: level))
        return matrix
    }

    static func lowestPenaltyMask(_ unmasked: Matrix, level: ErrorCorrection) -> Int {
        var best = (mask: 0, score: Int.max)
        for mask in Masking.patterns {
            let score = Masking.penalty(Masking.apply(mask: mask, to: unmasked, level: level))
            if score < best.score { best = (mask, score) }
        }
        return best.mask
    }

    /// Penalty score this symbol's data would get under `mask` (for tests).
    func penalty(mask: Int) -> Int {
        Masking.penalty(Masking.apply(mask: mask, to: unmaskedMatrix, level: errorCorrection))
    }

    /// Recovers the unmasked matrix by re-applying the (self-inverse) mask.
    private var unmaskedMatrix: Matrix {
        var matrix = Matrix(version: version)
        for y in 0..<size {
            for x in 0..<size where !matrix.isFunctionModule(x: x, y: y) {
                matrix[x, y] = modules[y * size + x] != Masking.isInverted(mask: mask, x: x, y: y)
            }
        }
        return matrix
    }
}
