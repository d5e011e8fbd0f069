import ChildProcesses
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GatehouseTestSupport
import SMTPTestSupport
import Testing

/// The outbox as an operator runs it: the real binary, a real SMTP server that is down and then up,
/// and a `kill -9` in between. Nothing queued is lost; no token reaches the logs.
@Suite("Mail durability", .serialized)
struct MailDurabilityTests {
    final class Server: @unchecked Sendable {
        let running: Running
        let log: URL

        init(directory: String, port: Int, environment: [String: String], name: String) throws {
            log = URL(fileURLWithPath: directory).appendingPathComponent("\(name).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            defer { try? handle.close() }
            running = try ChildProcess.start(try GatehouseBinary.url(), ["serve", "--port", String(port)], environment: ["PATH": "/usr/bin:/bin"].merging(environment) { $1 },
                                             directory: URL(fileURLWithPath: directory), stdout: handle, stderr: handle)
        }

        var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        func kill9() {
            running.kill()
        }

        /// SIGTERM, and at most 30 s for the server to end before it is killed.
        func stop() {
            if !running.hasEnded {
                running.signal(SIGTERM)
                if !running.waitForExit(timeout: .seconds(30)) { running.kill() }
            }
        }
    }

    static func request(_ method: String, _ url: String, json: String? = nil, headers: [String: String] = [:]) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    static func waitUntilHealthy(_ base: String) async throws {
        for _ in 0..<150 {
            if let (status, _) = try? await request("GET", base + "/healthz"), status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSetupError("gatehouse did not start")
    }

    @Test("SMTP down, kill -9, restart with SMTP up: the reset mail queued before the crash is delivered; the token is never logged")
    func killNineLosesNothing() async throws {
        try await TestStores.withTemporaryDirectory { dir in
            let httpPort = try ServeTests.freePort()
            let smtpPort = try ServeTests.freePort()
            let base = "http://127.0.0.1:\(httpPort)"
            let environment = [
                "GATEHOUSE_DATA_DIR": dir + "/data", "GATEHOUSE_PUBLIC_URL": "https://id.example.org",
                "GATEHOUSE_SMTP_URL": "smtp://127.0.0.1:\(smtpPort)?tls=none", "GATEHOUSE_OUTBOX_FIRST_RETRY": "1s",
                "GATEHOUSE_ARGON2_MEMORY_KIB": "64", "GATEHOUSE_ARGON2_ITERATIONS": "1", "GATEHOUSE_LOG_LEVEL": "debug",
            ]
            let created = try GatehouseBinary.run(["user", "create", "--username", "alice", "--email", "alice@example.com", "--verified", "--password-stdin"],
                                                  environment: environment, stdin: "correct horse battery\n", directory: dir)
            #expect(created.status == 0, "\(created.stderr)")

            let first = try Server(directory: dir, port: httpPort, environment: environment, name: "first")
            defer { first.stop() }
            try await Self.waitUntilHealthy(base)
            // A forged Host and X-Forwarded-Host: links are built from public_url only.
            let (status, body) = try await Self.request("POST", base + "/api/v1/auth/password-reset", json: #"{"email":"alice@example.com"}"#,
                                                        headers: ["Host": "evil.example", "X-Forwarded-Host": "evil.example"])
            #expect(status == 202, "\(body)")
            // Wait until the worker has turned the request into a mail and failed to deliver it once.
            for _ in 0..<100 where !first.output.contains("will retry") {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(first.output.contains("will retry"), "\(first.output.suffix(2000))")
            first.kill9()

            let sink = try await SMTPSink.start(["--port", String(smtpPort)])
            defer { sink.stop() }
            let second = try Server(directory: dir, port: httpPort, environment: environment, name: "second")
            defer { second.stop() }
            try await Self.waitUntilHealthy(base)
            var messages: [StoredMessage] = []
            for _ in 0..<150 {
                messages = try sink.messages()
                if !messages.isEmpty { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(messages.count == 1)
            let message = try #require(messages.first)
            #expect(message.rcpt_tos == ["alice@example.com"])
            let text = message.decoded?.parts.first { $0.content_type == "text/plain" }?.content ?? ""
            let link = try #require(text.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("https://id.example.org/password-reset/complete?token=") })
            let token = String(link.split(separator: "=").last ?? "")
            #expect(token.count == 43)
            #expect(!message.raw.contains("evil.example"))
            second.stop()
            for output in [first.output, second.output] {
                #expect(!output.contains(token), "a mailed token must never be logged")
                #expect(!output.contains("alice@example.com"), "recipients are not logged")
            }
            #expect(second.output.contains("mail sent"))
        }
    }
}
