import SMTP
import SMTPTestSupport
import Testing

@Suite("TLS: STARTTLS and implicit TLS with certificate verification")
struct TLSTests {
    @Test("STARTTLS with the private CA as caFile delivers over TLS")
    func startTLSWithCA() async throws {
        let pki = try TestPKI.get()
        let sink = try await SMTPSink.start(["--starttls", pki.serverCertificate, pki.serverKey])
        defer { sink.stop() }
        try await Fixtures.client("smtp://localhost:\(sink.port)", caFile: pki.caFile).send(try Fixtures.message())

        let stored = try #require(try sink.messages().first)
        #expect(stored.tls)
    }

    @Test("STARTTLS against an untrusted certificate fails with a TLS error and delivers nothing")
    func startTLSWithoutCA() async throws {
        let pki = try TestPKI.get()
        let sink = try await SMTPSink.start(["--starttls", pki.serverCertificate, pki.serverKey])
        defer { sink.stop() }
        let client = try Fixtures.client("smtp://localhost:\(sink.port)")
        let message = try Fixtures.message()
        let error = await Fixtures.error { try await client.send(message) }

        guard case .tls = error else {
            Issue.record("expected a TLS error, got \(String(describing: error))")
            return
        }
        #expect(error?.isTransient == false)
        #expect(try sink.messages().isEmpty)
    }

    @Test("Implicit TLS (smtps) with the private CA delivers; the IP address is verified against the certificate")
    func implicitTLS() async throws {
        let pki = try TestPKI.get()
        let sink = try await SMTPSink.start(["--implicit-tls", pki.serverCertificate, pki.serverKey])
        defer { sink.stop() }
        try await Fixtures.client("smtps://127.0.0.1:\(sink.port)", caFile: pki.caFile).send(try Fixtures.message())

        let stored = try #require(try sink.messages().first)
        #expect(stored.tls)
    }

    @Test("A server that does not offer STARTTLS is refused when STARTTLS is required")
    func startTLSRequired() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let client = try Fixtures.client("smtp://127.0.0.1:\(sink.port)")
        let message = try Fixtures.message()
        let error = await Fixtures.error { try await client.send(message) }

        guard case .tls = error else {
            Issue.record("expected a TLS error, got \(String(describing: error))")
            return
        }
        #expect(try sink.messages().isEmpty)
    }

    @Test("starttls=optional falls back to plaintext when the server does not offer STARTTLS")
    func startTLSOptional() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        try await Fixtures.client("smtp://127.0.0.1:\(sink.port)?starttls=optional").send(try Fixtures.message())
        #expect(try sink.messages().count == 1)
    }

    @Test("A CA file that cannot be read is a configuration error at client creation")
    func missingCAFile() throws {
        let error = #expect(throws: SMTPError.self) {
            _ = try Fixtures.client("smtps://localhost:465", caFile: "/nonexistent/ca.pem")
        }
        guard case .configuration = error else {
            Issue.record("expected a configuration error, got \(String(describing: error))")
            return
        }
    }

    @Test("Plaintext data injected after the STARTTLS 220 is refused, not carried into TLS")
    func startTLSInjection() async throws {
        let pki = try TestPKI.get()
        let sink = try await SMTPSink.start(["--starttls", pki.serverCertificate, pki.serverKey, "--inject-after-starttls"])
        defer { sink.stop() }
        let client = try Fixtures.client("smtp://localhost:\(sink.port)", caFile: pki.caFile)
        let message = try Fixtures.message()
        let error = await Fixtures.error { try await client.send(message) }

        guard case .protocolViolation = error else {
            Issue.record("expected a protocol violation, got \(String(describing: error))")
            return
        }
        #expect(try sink.messages().isEmpty)
    }
}
