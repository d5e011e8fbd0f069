import Testing

@testable import SMTP

@Suite("Configuration from URLs")
struct ConfigurationTests {
    @Test("smtp:// defaults to port 587 with STARTTLS required and percent-decodes credentials")
    func smtpURL() throws {
        let configuration = try SMTPConfiguration(url: "smtp://mailer%40x.test:p%40ss%3Aw%2Frd@mail.x.test")
        #expect(configuration.host == "mail.x.test")
        #expect(configuration.port == 587)
        #expect(configuration.security == .startTLS)
        #expect(configuration.credentials == SMTPCredentials(username: "mailer@x.test", password: "p@ss:w/rd"))
        #expect(configuration.timeout == .seconds(30))
        #expect(!configuration.heloName.isEmpty)
    }

    @Test("smtps:// means implicit TLS on port 465")
    func smtpsURL() throws {
        let configuration = try SMTPConfiguration(url: "smtps://u:p@mail.x.test", caFile: "/ca.pem", timeout: .seconds(5))
        #expect(configuration.port == 465)
        #expect(configuration.security == .implicitTLS)
        #expect(configuration.caFile == "/ca.pem")
        #expect(configuration.timeout == .seconds(5))
    }

    @Test("Query parameters select optional STARTTLS, no TLS, and the HELO name")
    func queryParameters() throws {
        #expect(try SMTPConfiguration(url: "smtp://h:25?starttls=optional").security == .startTLSIfAvailable)
        #expect(try SMTPConfiguration(url: "smtp://h:25?starttls=required").security == .startTLS)
        let local = try SMTPConfiguration(url: "smtp://localhost:1025?tls=none&heloName=app.x.test")
        #expect(local.security == .none)
        #expect(local.port == 1025)
        #expect(local.heloName == "app.x.test")
        #expect(local.credentials == nil)
    }

    @Test("Unknown schemes, parameters, and unsafe HELO names are refused")
    func refusals() {
        for url in [
            "http://h", "smtp://", "smtps://h?tls=none", "smtp://h?startls=optional", "smtp://h?heloName=a%0D%0AMAIL",
            "smtp://h:0", "not a url",
        ] {
            #expect(throws: SMTPError.self, "\(url)") { try SMTPConfiguration(url: url) }
        }
    }

    @Test("Insecure AUTH may only be allowed for loopback hosts")
    func insecureAuthOnlyLoopback() throws {
        #expect(try SMTPConfiguration(url: "smtp://u:p@127.0.0.1:25?tls=none&allowInsecureAuth=true").allowsInsecureAuthentication)
        #expect(throws: SMTPError.self) { try SMTPConfiguration(url: "smtp://u:p@mail.x.test?tls=none&allowInsecureAuth=true") }
        #expect(throws: SMTPError.self) { try SMTPConfiguration(url: "smtp://u:p@127.evil.test?tls=none&allowInsecureAuth=true") }
    }

    @Test("The password never appears in descriptions")
    func redaction() throws {
        let configuration = try SMTPConfiguration(url: "smtps://mailer:S3cr%21t@mail.x.test")
        #expect(!configuration.description.contains("S3cr"))
        #expect(configuration.description.contains("mailer@mail.x.test:465"))
        #expect(!String(describing: configuration.credentials).contains("S3cr"))
        #expect(!String(reflecting: configuration.credentials).contains("S3cr"))
    }

    @Test("Transient errors are connection problems, timeouts and 4xx replies")
    func transience() {
        #expect(SMTPError.timeout.isTransient)
        #expect(SMTPError.connectionFailed("x").isTransient)
        #expect(SMTPError.transient(code: 451, message: "x").isTransient)
        #expect(!SMTPError.permanent(code: 550, message: "x").isTransient)
        #expect(!SMTPError.tls("x").isTransient)
        #expect(!SMTPError.invalidMessage("x").isTransient)
    }
}
