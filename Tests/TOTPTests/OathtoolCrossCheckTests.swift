import Foundation
import Testing
import TOTP

/// Cross-checks random secrets and times against Debian's `oathtool`.
/// Fails (never skips) when oathtool is missing.
@Suite("Cross-check against oathtool")
struct OathtoolCrossCheckTests {
    @Test("Random 160-bit secrets at random times: SHA1, 6 digits, 30 s, given as base32")
    func randomSecrets() throws {
        guard let oathtool = Oathtool.executable else {
            Issue.record(Comment(rawValue: Oathtool.installHint))
            return
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<12 {
            let secret = try TOTPSecret.generate { count in
                (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            }
            let time = Int64.random(in: 0...4_102_444_800, using: &generator)  // 1970…2100
            let expected = try Oathtool.run(oathtool, ["--totp=SHA1", "--base32", "--digits=6",
                                                       "--time-step-size=30s", "--now=@\(time)", secret.base32])
            let ours = try TOTP(secret: secret).code(at: Date(unix: time))
            #expect(ours == expected, "secret=\(secret.base32) time=\(time)")
            print("oathtool --totp=SHA1 -b -d 6 -s 30s -N @\(time) \(secret.base32) → \(expected); ours \(ours)")
        }
    }

    @Test("Other algorithms, digit counts and secret lengths, given as hex",
          arguments: OTPAlgorithm.allCases)
    func otherParameters(algorithm: OTPAlgorithm) throws {
        guard let oathtool = Oathtool.executable else {
            Issue.record(Comment(rawValue: Oathtool.installHint))
            return
        }
        var generator = SystemRandomNumberGenerator()
        for digits in HOTP.supportedDigits {
            let secret = (0..<Int.random(in: 16...64, using: &generator)).map { _ in
                UInt8.random(in: .min ... .max, using: &generator)
            }
            let time = Int64.random(in: 0...4_102_444_800, using: &generator)
            let hex = secret.map { String(format: "%02x", $0) }.joined()
            let expected = try Oathtool.run(oathtool, ["--totp=\(algorithm.rawValue)", "--digits=\(digits)",
                                                       "--now=@\(time)", hex])
            let ours = try TOTP(secret: secret, algorithm: algorithm, digits: digits).code(at: Date(unix: time))
            #expect(ours == expected, "\(algorithm) digits=\(digits) key=\(hex) time=\(time)")
            print("oathtool --totp=\(algorithm.rawValue) -d \(digits) -N @\(time) <\(secret.count)-byte hex key> → \(expected); ours \(ours)")
        }
    }
}
