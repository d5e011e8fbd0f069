import Foundation
import Testing
import TOTP

@Suite("RFC test vectors")
struct RFCVectorTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        let time: Int64
        let algorithm: OTPAlgorithm
        let code: String
        var testDescription: String { "\(algorithm.rawValue) @\(time) → \(code)" }
    }

    /// RFC 6238 Appendix B: 8 digits, 30 s steps, T0 = 0.
    static let rfc6238: [Vector] = [
        (59, "94287082", "46119246", "90693936"),
        (1_111_111_109, "07081804", "68084774", "25091201"),
        (1_111_111_111, "14050471", "67062674", "99943326"),
        (1_234_567_890, "89005924", "91819424", "93441116"),
        (2_000_000_000, "69279037", "90698825", "38618901"),
        (20_000_000_000, "65353130", "77737706", "47863826"),
    ].flatMap { time, sha1, sha256, sha512 in
        [Vector(time: time, algorithm: .sha1, code: sha1),
         Vector(time: time, algorithm: .sha256, code: sha256),
         Vector(time: time, algorithm: .sha512, code: sha512)]
    }

    @Test("RFC 6238 Appendix B", arguments: rfc6238)
    func totpVector(_ vector: Vector) throws {
        let totp = try TOTP(secret: RFCSeed.seed(for: vector.algorithm), algorithm: vector.algorithm, digits: 8)
        let date = Date(unix: vector.time)
        #expect(totp.code(at: date) == vector.code)
        #expect(totp.step(at: date) == vector.time / 30)
        #expect(totp.matchingStep(code: vector.code, at: date, after: nil) == vector.time / 30)
    }

    /// RFC 4226 Appendix D: HOTP with the 20-byte seed, counters 0…9, 6 digits.
    static let rfc4226 = ["755224", "287082", "359152", "969429", "338314",
                          "254676", "287922", "162583", "399871", "520489"]

    @Test("RFC 4226 Appendix D", arguments: rfc4226.enumerated().map { ($0.offset, $0.element) })
    func hotpVector(counter: Int, code: String) throws {
        let hotp = try HOTP(secret: RFCSeed.sha1)
        #expect(hotp.code(counter: UInt64(counter)) == code)
        // TOTP is HOTP over the time step.
        let totp = try TOTP(secret: RFCSeed.sha1)
        #expect(totp.code(step: Int64(counter)) == code)
        #expect(totp.code(at: Date(unix: Int64(counter) * 30 + 29)) == code)
    }
}
