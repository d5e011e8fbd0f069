import GatehouseCore
import Synchronization
import Testing

/// Hands out the given draws in turn.
final class ScriptedRandomSource: RandomSource {
    private let draws: Mutex<[[UInt8]]>
    init(_ draws: [[UInt8]]) { self.draws = Mutex(draws) }
    func bytes(_ count: Int) -> [UInt8] { draws.withLock { $0.removeFirst() } }
}

@Suite("Secret tokens")
struct SecretTokenTests {
    @Test("hex is lower-case, two digits a byte; the stored hash is SHA-256 of the token in hex")
    func hex() {
        #expect(SecretToken.hex([]) == "")
        #expect(SecretToken.hex([0x00, 0x0F, 0x10, 0xA5, 0xFF]) == "000f10a5ff")
        #expect(SecretToken.hex(Array(0...255)).count == 512)
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        #expect(SecretToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("a secret never starts gth_, so a session token is never read as an API token: such a draw is drawn again")
    func neverLooksLikeAnAPIToken() {
        // 0x82 0xD8 0x7F is "gth_" in base64url.
        let unlucky = [0x82, 0xD8, 0x7F] + [UInt8](repeating: 0, count: 29)
        let next = [UInt8](repeating: 0x11, count: 32)
        #expect(SecretToken.base64URL(unlucky).hasPrefix("gth_"))
        let token = SecretToken.generate(ScriptedRandomSource([unlucky, next]))
        #expect(token == SecretToken.base64URL(next) && !token.hasPrefix("gth_"))
    }
}
