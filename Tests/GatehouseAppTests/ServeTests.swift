import ChildProcesses
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GatehouseTestSupport
import Testing

/// `gatehouse serve` as an operator starts it: a real process on a loopback port, real HTTP.
@Suite("Serve")
struct ServeTests {
    static func freePort() throws -> Int { try LoopbackPort.free() }

    /// `gatehouse serve` (or a copy of the binary) running, its standard output and error in `log`.
    struct Server {
        let running: Running
        let log: URL

        static func start(_ binary: URL, _ arguments: [String], environment: [String: String], directory: String? = nil, log: String) throws -> Server {
            let file = URL(fileURLWithPath: log)
            try Data().write(to: file)
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            let running = try ChildProcess.start(binary, arguments, environment: environment, directory: directory.map { URL(fileURLWithPath: $0) },
                                                 stdout: handle, stderr: handle)
            return Server(running: running, log: file)
        }

        var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        /// SIGTERM; the server must end within 30 s (it is killed otherwise, and the test fails).
        func stop() async -> Int32 {
            let ended = await running.stop(timeout: .seconds(30))
            #expect(ended, "the server did not stop on SIGTERM within 30 s: \(output.suffix(2000))")
            return running.terminationStatus
        }
    }

    static func get(_ url: String) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test("serve starts on embedded defaults, answers health checks, hints at the first administrator and stops on SIGTERM")
    func serveLifecycle() async throws {
        try await TestStores.withTemporaryDirectory { dir in
            let port = try Self.freePort()
            let server = try Server.start(try GatehouseBinary.url(), ["serve", "--port", String(port)], environment: ["PATH": "/usr/bin:/bin"],
                                          directory: dir, log: dir + "/serve.log")
            defer { server.running.kill() }

            var health: (Int, String)?
            for _ in 0..<100 {
                if let answer = try? await Self.get("http://127.0.0.1:\(port)/healthz") { health = answer; break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(health?.0 == 200)
            #expect(health?.1 == #"{"status":"ok"}"#)
            let ready = try await Self.get("http://127.0.0.1:\(port)/readyz")
            #expect(ready.0 == 200)

            // The embedded defaults: SQLite file and secret key in ./gatehouse-data, the key private.
            #expect(FileManager.default.fileExists(atPath: dir + "/gatehouse-data/gatehouse.sqlite"))
            let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/gatehouse-data/secret.key")
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let directory = try FileManager.default.attributesOfItem(atPath: dir + "/gatehouse-data")
            #expect((directory[.posixPermissions] as? Int) == 0o700)

            let status = await server.stop()
            let stderr = server.output
            #expect(status == 0, "\(stderr)")
            #expect(stderr.contains("Gatehouse has no administrator yet"))
            #expect(stderr.contains("gatehouse user create --username admin"))
            let key = try String(contentsOfFile: dir + "/gatehouse-data/secret.key", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!stderr.contains(key), "the secret key must never be logged")
        }
    }

    @Test("with audit.retention set, a running server prunes older audit events and the chain still verifies")
    func auditRetention() async throws {
        try await TestStores.withTemporaryDirectory { dir in
            let env = ["GATEHOUSE_DATA_DIR": dir]
            for name in ["ann", "ben"] {
                let created = try GatehouseBinary.run(
                    ["user", "create", "--username", name, "--email", "\(name)@example.com", "--verified", "--password-stdin"], environment: env, stdin: "a fine passphrase")
                #expect(created.status == 0, "\(created.stderr)")
            }
            try await Task.sleep(for: .milliseconds(1100))
            let port = try Self.freePort()
            let server = try Server.start(try GatehouseBinary.url(), ["serve", "--port", String(port)],
                                          environment: ["PATH": "/usr/bin:/bin", "GATEHOUSE_DATA_DIR": dir, "GATEHOUSE_AUDIT_RETENTION": "1s"],
                                          log: dir + "/serve.log")
            defer { server.running.kill() }
            var pruned = false
            for _ in 0..<100 where !pruned {
                try await Task.sleep(for: .milliseconds(100))
                let verify = try GatehouseBinary.run(["audit", "verify"], environment: env)
                pruned = verify.status == 0 && verify.stdout.contains("audit log intact: 1 events")
            }
            #expect(pruned, "the two account.created events give way to one audit.pruned")
            _ = await server.stop()
            #expect(server.output.contains("audit events past retention pruned"), "\(server.output)")
        }
    }

    @Test("two instances started at once on an empty PostgreSQL database: one migrates, the other waits on the advisory lock and finds nothing to do; both serve")
    func twoInstancesMigrateAtOnce() async throws {
        try await TestStores.withTemporaryDirectory { dir in
            try await TestStores.withPostgresDatabase { url in
                let key = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
                var servers: [(server: Server, port: Int)] = []
                for name in ["a", "b"] {
                    let port = try Self.freePort()
                    try FileManager.default.createDirectory(atPath: dir + "/" + name, withIntermediateDirectories: true)
                    let environment = ["PATH": "/usr/bin:/bin", "GATEHOUSE_DATA_DIR": dir + "/" + name, "GATEHOUSE_DATABASE_URL": url, "GATEHOUSE_SECRET_KEY": key]
                    servers.append((try Server.start(try GatehouseBinary.url(), ["serve", "--port", String(port)], environment: environment,
                                                     log: dir + "/\(name).log"), port))
                }
                defer { for entry in servers { entry.server.running.kill() } }
                for (server, port) in servers {
                    var ready = 0
                    for _ in 0..<300 where ready != 200 {
                        ready = (try? await Self.get("http://127.0.0.1:\(port)/readyz"))?.0 ?? 0
                        if ready != 200 { try await Task.sleep(for: .milliseconds(100)) }
                    }
                    #expect(ready == 200, "\(server.output.suffix(2000))")
                }
                for (server, _) in servers { #expect(await server.stop() == 0, "\(server.output.suffix(2000))") }
                // Every migration was applied exactly once, by one instance or the other.
                let applied = servers.flatMap { entry in
                    entry.server.output.split(separator: "\n").filter { $0.contains("applied migration") }
                        .compactMap { line in line.range(of: "version=").map { Int(line[$0.upperBound...].prefix { $0.isNumber }) ?? -1 } }
                }
                #expect(applied.sorted() == Array(1...19), "\(applied)")
                let again = try GatehouseBinary.run(["migrate"], environment: ["GATEHOUSE_DATABASE_URL": url, "GATEHOUSE_SECRET_KEY": key])
                #expect(again.stdout.contains("database is up to date"), "\(again.stderr)")
            }
        }
    }

    @Test("serve --no-migrate refuses to start while migrations are pending")
    func noMigrate() throws {
        try TestStores.withTemporaryDirectorySync { dir in
            let result = try GatehouseBinary.run(["serve", "--no-migrate", "--port", "0"], environment: ["GATEHOUSE_DATA_DIR": dir])
            #expect(result.status != 0)
            #expect(result.stderr.contains("pending"))
        }
    }

    @Test("a gatehouse binary copied far from the checkout and started in an empty directory serves every page, its stylesheet and the API document, migrates its database from the embedded SQL and refuses a common password")
    func copiedBinaryIsSelfContained() async throws {
        try await TestStores.withTemporaryDirectory { dir in
            // /tmp/…/elsewhere/bin/gatehouse, run from /tmp/…/empty: nothing of the checkout or of
            // .build is reachable from there.
            let bin = dir + "/elsewhere/bin"
            let work = dir + "/empty"
            try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            let binary = URL(fileURLWithPath: bin + "/gatehouse")
            try FileManager.default.copyItem(at: try GatehouseBinary.url(), to: binary)
            #expect(try FileManager.default.contentsOfDirectory(atPath: bin) == ["gatehouse"])

            // The common-password list is embedded: `user create` refuses one of its entries.
            let weak = try ChildProcess.run(
                binary, ["user", "create", "--username", "anna", "--email", "anna@example.com", "--password-stdin"],
                environment: ["PATH": "/usr/bin:/bin", "HOME": work], directory: URL(fileURLWithPath: work), stdin: Data("q1w2e3r4t5y6\n".utf8))
            #expect(weak.status != 0)
            #expect(weak.stderrText.contains("password_compromised"), "\(weak.stderrText)")

            let port = try Self.freePort()
            let server = try Server.start(binary, ["serve", "--port", String(port)], environment: ["PATH": "/usr/bin:/bin", "HOME": work],
                                          directory: work, log: dir + "/serve.log")
            defer { server.running.kill() }
            let base = "http://127.0.0.1:\(port)"
            for _ in 0..<100 {
                if (try? await Self.get(base + "/healthz")) != nil { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            // Migrations ran from the embedded SQL.
            #expect(try await Self.get(base + "/readyz").0 == 200)

            // Mailed links with a token that is no good answer 400 with a page that says so.
            let pages: [(path: String, status: Int, contains: String)] = [
                ("/login", 200, "name=\"password\""),
                ("/login?lang=ru", 200, "lang=\"ru\""),
                ("/password-reset", 200, "name=\"email\""),
                ("/password-reset/complete?token=x", 400, "<h1>"),
                ("/verify-email?token=x", 400, "<h1>"),
                ("/unlock?token=x", 400, "<h1>"),
                ("/two-factor/reissue/cancel?token=x", 400, "<h1>"),
                ("/static/gatehouse.css", 200, "box-sizing"),
                ("/api/v1/openapi.json", 200, "\"openapi\""),
            ]
            for page in pages {
                let (status, body) = try await Self.get(base + page.path)
                #expect(status == page.status, "\(page.path)")
                #expect(body.contains(page.contains), "\(page.path): \(body.prefix(300))")
                if page.path.hasPrefix("/static") || page.path.hasPrefix("/api") { continue }
                #expect(body.hasPrefix("<!DOCTYPE html>"), "\(page.path)")
                #expect(body.contains("/static/gatehouse.css"), "\(page.path) links the stylesheet")
            }
            _ = await server.stop()
        }
    }
}
