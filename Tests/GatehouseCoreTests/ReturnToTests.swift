import GatehouseCore
import Testing

@Suite("return_to")
struct ReturnToTests {
    let validator = ReturnToValidator(allowedOrigins: ["https://app.example.com", "http://127.0.0.1:3000"])

    @Test("relative paths on this origin pass", arguments: ["/", "/account", "/app/x?y=1&z=%20#frag", "/%D0%BF%D1%83%D1%82%D1%8C"])
    func relative(path: String) {
        #expect(validator.validate(path) == path)
    }

    @Test("allow-listed origins pass", arguments: ["https://app.example.com/dashboard?tab=1", "HTTPS://APP.EXAMPLE.COM/", "http://127.0.0.1:3000/x"])
    func allowed(url: String) {
        #expect(validator.validate(url) == url)
    }

    @Test("anything that can lead to another host is refused", arguments: [
        "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "https:evil.example", "https:/evil.example",
        "/%2F%2Fevil.example", "/%2f/evil.example", "%2F%2Fevil.example", "/%5Cevil.example", "javascript:alert(1)",
        "JavaScript:alert(1)", "data:text/html,<script>", "https://evil.example/", "https://app.example.com.evil.example/",
        "https://app.example.com@evil.example/", "https://user:pw@app.example.com/", "http://app.example.com/", "https://app.example.com:444/",
        "/\t/evil.example", "/\n/evil.example", " /account", "evil.example", "", "ftp://app.example.com/",
    ])
    func refused(value: String) {
        #expect(validator.validate(value) == nil, "\(value)")
    }

    @Test("only printable ASCII passes: combining marks after quotes, full-width and Cyrillic look-alikes are refused", arguments: [
        "/a\"\u{301} onmouseover=alert(1)", "/a<\u{301}", "/a'\u{301}", "/a&\u{301}", "/a>\u{301}", "/путь", "／evil.example",
        "/account\u{FE0F}", "/\u{200B}account", "https://app.example.com/\u{301}",
    ])
    func nonASCIIRefused(value: String) {
        #expect(validator.validate(value) == nil, "\(value.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test("absurdly long values are refused")
    func tooLong() {
        #expect(validator.validate("/" + String(repeating: "a", count: 3000)) == nil)
    }
}
