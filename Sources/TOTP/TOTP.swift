#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// RFC 6238 time-based one-time passwords: T0 = 0, steps of ``period`` seconds.
///
/// Replay protection is the caller's: store the step that ``matchingStep(code:at:window:after:)``
/// returns and pass it back as `after` next time, so that step and every earlier one are refused.
public struct TOTP: Sendable {
    public static let defaultPeriod = 30
    /// Verification never looks further than this many steps either side of the current one.
    public static let maximumWindow = 1
    /// Unix times are clamped to 0…this (the end of year 9999) before computing a step.
    static let latestUnixTime: Double = 253_402_300_799

    public let hotp: HOTP
    public let period: Int

    public var algorithm: OTPAlgorithm { hotp.algorithm }
    public var digits: Int { hotp.digits }

    public init(secret: [UInt8], algorithm: OTPAlgorithm = .sha1, digits: Int = 6,
                period: Int = TOTP.defaultPeriod) throws(OTPError) {
        guard period >= 1 else { throw .invalidPeriod(period) }
        self.hotp = try HOTP(secret: secret, algorithm: algorithm, digits: digits)
        self.period = period
    }

    public init(secret: TOTPSecret, algorithm: OTPAlgorithm = .sha1, digits: Int = 6,
                period: Int = TOTP.defaultPeriod) throws(OTPError) {
        try self.init(secret: secret.bytes, algorithm: algorithm, digits: digits, period: period)
    }

    /// floor(unixTime / period); dates before 1970 give step 0.
    public func step(at date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970
        guard seconds > 0 else { return 0 }  // also catches NaN
        return Int64(min(seconds, Self.latestUnixTime).rounded(.down)) / Int64(period)
    }

    /// The code for the step containing `date`.
    public func code(at date: Date) -> String {
        code(step: step(at: date))
    }

    /// The code for time step `step` (negative steps are treated as step 0).
    public func code(step: Int64) -> String {
        hotp.code(counter: UInt64(clamping: step))
    }

    /// True when `code` is exactly ``digits`` ASCII digits.
    public func isWellFormed(code: String) -> Bool {
        hotp.isWellFormed(code: code)
    }

    /// The time step whose code equals `code`, looking at the current step and `window` steps
    /// either side (clamped to 0…``maximumWindow``), skipping every step ≤ `lastAcceptedStep`.
    ///
    /// Returns nil for a malformed code (not exactly ``digits`` ASCII digits), a wrong code, or a
    /// replay. Every candidate is computed and compared in constant time; if several match (a
    /// one-in-a-million collision) the latest wins, so the stored step never falls behind a code
    /// that was shown. Store the result as the new last accepted step.
    public func matchingStep(code: String, at date: Date, window: Int = 1,
                             after lastAcceptedStep: Int64?) -> Int64? {
        guard let candidate = CodeComparison.asciiDigits(code, count: digits) else { return nil }
        let current = step(at: date)
        let reach = Int64(min(max(window, 0), Self.maximumWindow))
        let floor = lastAcceptedStep ?? -1
        var matched: Int64?
        for step in (current - reach)...(current + reach) where step >= 0 {
            let equal = CodeComparison.constantTimeEqual(hotp.codeBytes(counter: UInt64(step)), candidate)
            if equal && step > floor { matched = step }
        }
        return matched
    }
}
