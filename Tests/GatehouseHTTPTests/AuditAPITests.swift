import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The audit log through `/api/v1/admin/audit` (list, export, verify) and each person's own events at
/// `/api/v1/account/security-events` (#17, audit views), over loopback HTTP so events carry an IP.
@Suite("Admin API: audit log")
struct AuditAPITests {
    func json(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:]
    }

    func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    func session(_ client: any TestClientProtocol, _ user: String, _ password: String = "correct horse battery") async throws -> String {
        var headers = jsonHeaders
        headers[.userAgent] = "AuditAPITests/1.0"
        let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: headers, body: loginBody(user, password))
        return json(response)["token"] as? String ?? ""
    }

    /// Every page of a listing, following `next_cursor`.
    func everyPage(_ client: any TestClientProtocol, _ token: String, _ path: String) async throws -> (events: [[String: Any]], pages: Int) {
        var events: [[String: Any]] = []
        var cursor: String?
        var pages = 0
        repeat {
            let separator = path.contains("?") ? "&" : "?"
            let response = try await client.execute(uri: path + (cursor.map { separator + "cursor=" + $0 } ?? ""), method: .get, headers: bearer(token))
            #expect(response.status == .ok)
            let object = json(response)
            events += (object["events"] as? [[String: Any]]) ?? []
            cursor = object["next_cursor"] as? String
            pages += 1
        } while cursor != nil && pages < 1000
        return (events, pages)
    }

    @Test("filters, pages without gaps or repeats, an NDJSON export in chain order, the chain's check, and only with admin:audit",
          arguments: [StoreBackend.sqlite, .postgres])
    func adminViews(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store, location in
            let app = try await TestApp.make(store, environment: AdminUsersAPITests.generous)
            let root = try await app.createAccount("root", roles: [.admin])
            let alice = try await app.createAccount("alice")
            try await Application(router: app.routes().router).test(.live) { client in
                let admin = try await session(client, "root")
                _ = try await session(client, "alice", "not her password")
                for action in ["disable", "enable"] {
                    let answer = try await client.execute(uri: "/api/v1/admin/users/\(alice.id)/\(action)", method: .post, headers: bearer(admin))
                    #expect(answer.status == .ok)
                }
                _ = try await session(client, "alice")
                // Enough events for the export to come in several batches.
                try await UnitOfWork(store: store, trail: app.dependencies.administration.trail, cache: nil, outbox: nil).run { work in
                    for n in 0..<1_100 { work.record(AuditEvent(AuditEventType(rawValue: "test.bulk"), subject: root.id, details: ["n": String(n)])) }
                }

                let about = try await everyPage(client, admin, "/api/v1/admin/audit?subject=\(alice.id)&limit=2")
                let types = about.events.compactMap { $0["type"] as? String }
                #expect(types.contains("login.failed") && types.contains("account.disabled") && types.contains("login.succeeded"))
                let sequences = about.events.compactMap { ($0["sequence"] as? NSNumber)?.int64Value }
                #expect(sequences == sequences.sorted(by: >) && Set(sequences).count == sequences.count, "newest first, no repeats")
                #expect(about.pages == (sequences.count + 1) / 2)
                #expect(about.events.allSatisfy { $0["subject_id"] as? String == alice.id.rawValue && ($0["hash"] as? String)?.count == 64 })
                let failed = try #require(about.events.first { $0["type"] as? String == "login.failed" })
                #expect(failed["ip"] as? String == "127.0.0.1" && failed["user_agent"] as? String == "AuditAPITests/1.0")

                let acts = try await everyPage(client, admin, "/api/v1/admin/audit?type=account.disabled,account.enabled&actor=\(root.id)")
                #expect(acts.events.compactMap { $0["type"] as? String } == ["account.enabled", "account.disabled"])
                #expect(acts.events.allSatisfy { $0["actor_id"] as? String == root.id.rawValue && ($0["request_id"] as? String)?.isEmpty == false })
                let timestamp = ISO8601DateFormatter()
                let future = timestamp.string(from: app.clock.now().addingTimeInterval(3600))
                let past = timestamp.string(from: app.clock.now().addingTimeInterval(-3600))
                #expect(try await everyPage(client, admin, "/api/v1/admin/audit?from=\(future)").events.isEmpty)
                #expect(try await everyPage(client, admin, "/api/v1/admin/audit?subject=\(alice.id)&from=\(past)&to=\(future)").events.count == sequences.count)

                for bad in ["type=DROP%20TABLE", "actor=root", "limit=0", "limit=201", "cursor=abc", "cursor=-5", "from=\(future)&to=\(past)"] {
                    let response = try await client.execute(uri: "/api/v1/admin/audit?" + bad, method: .get, headers: bearer(admin))
                    #expect(response.status == .badRequest, "\(bad)")
                    #expect(json(response)["code"] as? String == "validation_failed", "\(bad)")
                }
                let exportRefused = try await client.execute(uri: "/api/v1/admin/audit/export?cursor=x", method: .get, headers: bearer(admin))
                #expect(exportRefused.status == .badRequest)

                // The export: every event in chain order, the same entries as the list.
                let export = try await client.execute(uri: "/api/v1/admin/audit/export", method: .get, headers: bearer(admin))
                #expect(export.status == .ok)
                #expect(export.headers[.contentType]?.hasPrefix("application/x-ndjson") == true)
                let lines = String(buffer: export.body).split(separator: "\n").map { line in
                    (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]) ?? [:]
                }
                let head = try await store.auditLog.head()
                #expect(lines.count == Int(head.sequence), "every event, once")
                #expect(lines.compactMap { ($0["sequence"] as? NSNumber)?.int64Value } == Array(1...head.sequence))
                #expect(zip(lines.dropFirst(), lines).allSatisfy { $0["previous_hash"] as? String == $1["hash"] as? String }, "each links to the one before")
                let exported = lines.first { $0["sequence"] as? NSNumber == failed["sequence"] as? NSNumber }
                #expect(exported?["ip"] as? String == "127.0.0.1" && exported?["type"] as? String == "login.failed")
                let aliceOnly = try await client.execute(uri: "/api/v1/admin/audit/export?subject=\(alice.id)", method: .get, headers: bearer(admin))
                #expect(String(buffer: aliceOnly.body).split(separator: "\n").count == sequences.count)

                let verified = json(try await client.execute(uri: "/api/v1/admin/audit/verify", method: .get, headers: bearer(admin)))
                #expect(verified["ok"] as? Bool == true && (verified["checked"] as? NSNumber)?.int64Value == head.sequence && verified["first_bad"] == nil)

                // Someone who can write to the database edits an event: the check names it.
                try await TestStores.executeDirectly(#"UPDATE audit_events SET details = '{"n":"forged"}' WHERE sequence = 40"#, at: location)
                let broken = json(try await client.execute(uri: "/api/v1/admin/audit/verify", method: .get, headers: bearer(admin)))
                #expect(broken["ok"] as? Bool == false && (broken["first_bad"] as? NSNumber)?.int64Value == 40 && (broken["problem"] as? String)?.contains("40") == true)

                // A person without admin:audit sees none of it.
                let user = try await session(client, "alice")
                for path in ["/api/v1/admin/audit", "/api/v1/admin/audit/export", "/api/v1/admin/audit/verify"] {
                    #expect(try await client.execute(uri: path, method: .get, headers: bearer(user)).status == .forbidden, "\(path)")
                }
                #expect(try await client.execute(uri: "/api/v1/admin/audit", method: .get).status == .unauthorized)
            }
        }
    }

    @Test("a person's own security events: only theirs, an administrator's acts named without the administrator's IP", arguments: [StoreBackend.sqlite, .postgres])
    func securityEvents(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let app = try await TestApp.make(store, environment: AdminUsersAPITests.generous)
            let root = try await app.createAccount("root", roles: [.admin])
            let alice = try await app.createAccount("alice")
            try await app.createAccount("bob")
            try await Application(router: app.routes().router).test(.live) { client in
                let admin = try await session(client, "root")
                _ = try await session(client, "alice", "not her password")
                _ = try await session(client, "bob", "not his password")
                for action in ["disable", "enable"] {
                    _ = try await client.execute(uri: "/api/v1/admin/users/\(alice.id)/\(action)", method: .post, headers: bearer(admin))
                }
                let user = try await session(client, "alice")
                let mine = try await everyPage(client, user, "/api/v1/account/security-events?limit=3")
                let types = mine.events.compactMap { $0["type"] as? String }
                #expect(types.first == "login.succeeded" || types.first == "session.created", "\(types)")
                #expect(types.contains("login.failed") && types.contains("account.disabled") && types.contains("account.enabled"))
                let all = try await store.auditLog.search(AuditQuery(subject: alice.id, limit: 200))
                #expect(mine.events.count == all.count, "every event about her, and no other")
                let failed = try #require(mine.events.first { $0["type"] as? String == "login.failed" })
                #expect(failed["ip"] as? String == "127.0.0.1" && failed["actor_id"] == nil)
                let disabled = try #require(mine.events.first { $0["type"] as? String == "account.disabled" })
                #expect(disabled["actor_id"] as? String == root.id.rawValue && disabled["ip"] == nil, "the administrator's IP is theirs, not hers")
                #expect(mine.events.allSatisfy { $0["user_agent"] == nil && $0["hash"] == nil })
                let invalid = try await client.execute(uri: "/api/v1/account/security-events?cursor=zz", method: .get, headers: bearer(user))
                #expect(invalid.status == .badRequest)
                #expect(try await client.execute(uri: "/api/v1/account/security-events", method: .get).status == .unauthorized)
            }
        }
    }
}
