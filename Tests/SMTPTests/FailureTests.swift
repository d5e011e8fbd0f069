import SMTP
import SMTPTestSupport
import Testing

@Suite("Failures are classified as transient or permanent")
struct FailureTests {
    private func send(to sink: SMTPSink) async throws -> SMTPError? {
        let client = try Fixtures.client("smtp://127.0.0.1:\(sink.port)?tls=none")
        let message = try Fixtures.message()
        return await Fixtures.error { try await client.send(message) }
    }

    @Test("Nothing listening is a transient connection failure")
    func serverDown() async throws {
        let port = try await Fixtures.unusedPort()
        let client = try Fixtures.client("smtp://127.0.0.1:\(port)?tls=none")
        let message = try Fixtures.message()
        let error = await Fixtures.error { try await client.send(message) }

        guard case .connectionFailed = error else {
            Issue.record("expected connectionFailed, got \(String(describing: error))")
            return
        }
        #expect(error?.isTransient == true)
    }

    @Test("A server that never answers times out (transient)")
    func replyTimeout() async throws {
        let sink = try await SMTPSink.start(["--silent"])
        defer { sink.stop() }
        let client = try Fixtures.client("smtp://127.0.0.1:\(sink.port)?tls=none", timeout: .milliseconds(500))
        let message = try Fixtures.message()
        let started = ContinuousClock.now
        let error = await Fixtures.error { try await client.send(message) }

        #expect(error == .timeout)
        #expect(error?.isTransient == true)
        // It ends with the timeout rather than hanging; the bound is loose because the whole suite runs
        // in parallel on two shared cores.
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test("451 to RCPT or DATA is transient", arguments: ["--rcpt-reply", "--data-reply"])
    func transient451(option: String) async throws {
        let sink = try await SMTPSink.start([option, "451 4.3.0 Try again later"])
        defer { sink.stop() }
        let error = try await send(to: sink)

        #expect(error == .transient(code: 451, message: "4.3.0 Try again later"))
        #expect(error?.isTransient == true)
    }

    @Test("550 to RCPT or DATA is permanent", arguments: ["--rcpt-reply", "--data-reply"])
    func permanent550(option: String) async throws {
        let sink = try await SMTPSink.start([option, "550 5.1.1 No such user"])
        defer { sink.stop() }
        let error = try await send(to: sink)

        #expect(error == .permanent(code: 550, message: "5.1.1 No such user"))
        #expect(error?.isTransient == false)
        #expect(try sink.messages().isEmpty)
    }
}
