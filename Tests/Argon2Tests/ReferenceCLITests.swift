import Foundation
import Testing
import Argon2

/// Cross-checks random inputs against the reference C implementation's CLI.
/// Fails (never skips) when the `argon2` binary is missing.
@Suite("Cross-check against the reference argon2 CLI")
struct ReferenceCLITests {
    @Test("Random passwords, salts and small costs give the same PHC string as `argon2 … -e`",
          arguments: Argon2Variant.allCases)
    func matchesReference(variant: Argon2Variant) throws {
        guard let cli = ReferenceCLI.executable else {
            Issue.record(Comment(rawValue: ReferenceCLI.installHint))
            return
        }
        let flag = switch variant {
        case .argon2d: "-d"
        case .argon2i: "-i"
        case .argon2id: "-id"
        }
        for _ in 0..<6 {
            // The CLI refuses an empty stdin, reads at most 127 password bytes, and takes
            // the salt as its first argument (so it must not look like an option).
            let password = randomPrintable(length: Int.random(in: 1...64))
            let salt = randomPrintable(length: Int.random(in: 8...32), excluding: [UInt8(ascii: "-")])
            let parameters = Argon2Parameters(
                memoryKiB: UInt32.random(in: 64...256), iterations: UInt32.random(in: 1...3),
                parallelism: UInt32.random(in: 1...2))
            let saltString = String(decoding: salt, as: UTF8.self)
            let inputs = "password=\(String(decoding: password, as: UTF8.self).debugDescription) "
                + "salt=\(saltString.debugDescription) \(parameters)"
            let expected = try ReferenceCLI.run(
                executable: cli, password: password, salt: saltString,
                arguments: [flag, "-t", "\(parameters.iterations)", "-k", "\(parameters.memoryKiB)",
                            "-p", "\(parameters.parallelism)", "-l", "32", "-e"])
            let tag = try Argon2.hash(variant: variant, password: password, salt: salt, parameters: parameters)
            let ours = PHCString(variant: variant, parameters: parameters, salt: salt, hash: tag).description
            #expect(ours == expected, Comment(rawValue: inputs))
        }
    }

    @Test("Raw tags of assorted lengths (4…500 bytes) match `argon2 … -r`", arguments: [4, 31, 64, 65, 96, 97, 128, 500])
    func tagLengths(length: Int) throws {
        guard let cli = ReferenceCLI.executable else {
            Issue.record(Comment(rawValue: ReferenceCLI.installHint))
            return
        }
        let expected = try ReferenceCLI.run(
            executable: cli, password: Array("password".utf8), salt: "somesalt",
            arguments: ["-id", "-t", "1", "-k", "64", "-p", "1", "-l", "\(length)", "-r"])
        let tag = try Argon2.hash(
            variant: .argon2id, password: "password".utf8, salt: Array("somesalt".utf8),
            parameters: Argon2Parameters(memoryKiB: 64, iterations: 1, parallelism: 1, hashLength: length))
        #expect(tag.hex == expected)
    }
}
