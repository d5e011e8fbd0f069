import GatehouseCore
import Testing

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
}
