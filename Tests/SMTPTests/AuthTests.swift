import SMTP
import SMTPTestSupport
import Testing

@Suite("Authentication: AUTH PLAIN and AUTH LOGIN")
struct AuthTests {
    @Test("AUTH PLAIN over STARTTLS with percent-encoded credentials")
    func authPlain() async throws {
        let pki = try TestPKI.get()
        let sink = try await SMTPSink.start(
            ["--starttls", pki.serverCertificate, pki.serverKey, "--auth", "mailer@x.test:p@ss wörd", "--auth-mechanisms", "PLAIN"])
        defer { sink.stop() }
        try await Fixtures.client("smtp://mailer%40x.test:p%40ss%20w%C3%B6rd@localhost:\(sink.port)", caFile: pki.caFile)
            .send(try Fixtures.message())

        let stored = try #require(try sink.messages().first)
        #expect(stored.authenticated && stored.tls)
    }

    @Test("AUTH LOGIN is used when the server offers only LOGIN")
    func authLogin() async throws {
        let pki = try TestPKI.get()
        let sink = try await SMTPSink.start(
            ["--implicit-tls", pki.serverCertificate, pki.serverKey, "--auth", "mailer:secret", "--auth-mechanisms", "LOGIN"])
        defer { sink.stop() }
        try await Fixtures.client("smtps://mailer:secret@localhost:\(sink.port)", caFile: pki.caFile)
            .send(try Fixtures.message())

        let stored = try #require(try sink.messages().first)
        #expect(stored.authenticated)
    }

    @Test("A wrong password is a permanent 535 error", arguments: ["PLAIN", "LOGIN"])
    func wrongPassword(mechanism: String) async throws {
        let pki = try TestPKI.get()
        let sink = try await SMTPSink.start(
            ["--starttls", pki.serverCertificate, pki.serverKey, "--auth", "mailer:secret", "--auth-mechanisms", mechanism])
        defer { sink.stop() }
        let client = try Fixtures.client("smtp://mailer:wrong@localhost:\(sink.port)", caFile: pki.caFile)
        let message = try Fixtures.message()
        let error = await Fixtures.error { try await client.send(message) }

        guard case .permanent(let code, _) = error else {
            Issue.record("expected a permanent error, got \(String(describing: error))")
            return
        }
        #expect(code == 535)
        #expect(error?.isTransient == false)
        #expect(try sink.messages().isEmpty)
    }

    @Test("Credentials are never sent over an unencrypted connection unless allowed for loopback")
    func noPlaintextCredentials() async throws {
        let sink = try await SMTPSink.start(["--auth", "mailer:secret", "--auth-allow-plaintext"])
        defer { sink.stop() }
        let refused = try Fixtures.client("smtp://mailer:secret@127.0.0.1:\(sink.port)?tls=none")
        let message = try Fixtures.message()
        let error = await Fixtures.error { try await refused.send(message) }
        guard case .configuration = error else {
            Issue.record("expected a configuration error, got \(String(describing: error))")
            return
        }
        #expect(try sink.messages().isEmpty)

        let allowed = try Fixtures.client("smtp://mailer:secret@127.0.0.1:\(sink.port)?tls=none&allowInsecureAuth=true")
        try await allowed.send(message)
        #expect(try sink.messages().first?.authenticated == true)
    }
}
