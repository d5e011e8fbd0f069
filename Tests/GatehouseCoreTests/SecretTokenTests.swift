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

    @Test("a key ring: ids name keys, new MACs use the current key, lookups and checks try every key, fallbacks equal to a ring key are dropped")
    func keyRing() throws {
        let old: [UInt8] = Array(repeating: 1, count: 32), new: [UInt8] = Array(repeating: 2, count: 32)
        #expect(KeyRing.id(of: old) == KeyRing.id(of: old) && KeyRing.id(of: old) != KeyRing.id(of: new))
        #expect(KeyRing.id(of: old).count == 12 && KeyRing.id(of: old).allSatisfy(\.isHexDigit))
        let ring = KeyRing(secretKey: new, fallbacks: [old, new, old])
        #expect(ring.ids == [KeyRing.id(of: new), KeyRing.id(of: old)])
        let alone = KeyRing(secretKey: old)
        #expect(ring.mac(.csrf, "s") == KeyRing(secretKey: new).mac(.csrf, "s"))
        #expect(ring.macs(.csrf, "s") == [ring.mac(.csrf, "s"), alone.mac(.csrf, "s")])
        #expect(ring.mac(.csrf, "s", keyID: alone.currentID) == alone.mac(.csrf, "s"))
        #expect(ring.mac(.csrf, "s", keyID: "000000000000") == nil)
        #expect(ring.verifies(.backupCode, "m", alone.mac(.backupCode, "m")))
        #expect(!ring.verifies(.backupCode, "m", alone.mac(.csrf, "m")), "keys stay apart by purpose")
        #expect(!alone.verifies(.backupCode, "m", ring.mac(.backupCode, "m")))
    }

    @Test("sealed secrets and backup codes name their key once the ring has fallbacks (a ring of one writes the forms every version reads); they open under a ring holding the key")
    func sealedAcrossRotation() throws {
        let one: [UInt8] = Array(repeating: 1, count: 32), two: [UInt8] = Array(repeating: 2, count: 32), three: [UInt8] = Array(repeating: 3, count: 32)
        let single = KeyRing(secretKey: one)
        let ring = KeyRing(secretKey: two, fallbacks: [one])
        let unnamed = try SecretBox(keys: single, random: SystemRandomSource()).seal([1, 2, 3], context: "acct")
        #expect(unnamed.hasPrefix("v1."))
        let box = SecretBox(keys: ring, random: SystemRandomSource())
        #expect(try box.open(unnamed, context: "acct") == [1, 2, 3])
        #expect(throws: GatehouseError.self) { try box.open(unnamed, context: "other account") }
        let named = try box.seal([4], context: "acct")
        #expect(named.hasPrefix(ring.currentID + "."))
        #expect(try SecretBox(keys: KeyRing(secretKey: three, fallbacks: [two]), random: SystemRandomSource()).open(named, context: "acct") == [4])
        let withoutIt = SecretBox(keys: KeyRing(secretKey: three, fallbacks: [one]), random: SystemRandomSource())
        #expect(throws: GatehouseError.self) { try withoutIt.open(named, context: "acct") }
        #expect(throws: GatehouseError.self) { try SecretBox(keys: KeyRing(secretKey: three), random: SystemRandomSource()).open(unnamed, context: "acct") }

        let account = AccountID(rawValue: "a1")
        let plain = BackupCode.hash("ABCDEFGH", account: account, keys: single)
        #expect(!plain.contains(":"))
        let prefixed = BackupCode.hash("ABCDEFGH", account: account, keys: ring)
        #expect(prefixed.hasPrefix(ring.currentID + ":"))
        #expect(BackupCode.hash("ABCDEFGH", account: account, keys: KeyRing(secretKey: three, fallbacks: [one])) != prefixed)
    }
}
