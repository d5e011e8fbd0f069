import Testing
import TOTP

@Suite("otpauth URIs")
struct OTPAuthURITests {
    let secret: TOTPSecret

    init() throws { secret = try TOTPSecret(bytes: RFCSeed.sha1) }

    @Test("ASCII issuer and account")
    func ascii() {
        let uri = OTPAuthURI.totp(secret: secret, issuer: "ACME Co", account: "alice@example.com")
        #expect(uri == "otpauth://totp/ACME%20Co:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            + "&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30")
    }

    @Test("Cyrillic is percent-encoded as UTF-8")
    func cyrillic() {
        let uri = OTPAuthURI.totp(secret: secret, issuer: "Гейтхаус", account: "иван.петров@пример.рф")
        let issuer = "%D0%93%D0%B5%D0%B9%D1%82%D1%85%D0%B0%D1%83%D1%81"
        let account = "%D0%B8%D0%B2%D0%B0%D0%BD.%D0%BF%D0%B5%D1%82%D1%80%D0%BE%D0%B2%40"
            + "%D0%BF%D1%80%D0%B8%D0%BC%D0%B5%D1%80.%D1%80%D1%84"
        #expect(uri == "otpauth://totp/\(issuer):\(account)?secret=\(secret.base32)"
            + "&issuer=\(issuer)&algorithm=SHA1&digits=6&period=30")
    }

    @Test("Colons and reserved characters inside issuer or account are encoded; unreserved are not")
    func reserved() {
        #expect(OTPAuthURI.percentEncode("Ex:ample") == "Ex%3Aample")
        #expect(OTPAuthURI.percentEncode("a+b c/d?e&f=g~h_i.j-k") == "a%2Bb%20c%2Fd%3Fe%26f%3Dg~h_i.j-k")
        let uri = OTPAuthURI.totp(secret: secret, issuer: "A:B", account: "c:d")
        #expect(uri.hasPrefix("otpauth://totp/A%3AB:c%3Ad?"))
        #expect(uri.contains("&issuer=A%3AB&"))
    }

    @Test("Empty issuer drops the prefix and the parameter; other parameters are written as given")
    func noIssuer() {
        let uri = OTPAuthURI.totp(secret: secret, issuer: "", account: "bob", algorithm: .sha256, digits: 8, period: 60)
        #expect(uri == "otpauth://totp/bob?secret=\(secret.base32)&algorithm=SHA256&digits=8&period=60")
    }
}
