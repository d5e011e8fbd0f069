import ChildProcesses
import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseStorage
import GatehouseTestSupport
import Logging
import Testing

/// The CLI driven through the real binary, on a real SQLite file (and PostgreSQL for migrate).
@Suite("Command line")
struct CommandLineTests {
    /// Small Argon2 parameters keep account creation fast; the binary reads them like any configuration.
    func environment(_ dir: String) -> [String: String] {
        ["GATEHOUSE_DATA_DIR": dir, "GATEHOUSE_ARGON2_MEMORY_KIB": "64", "GATEHOUSE_ARGON2_ITERATIONS": "1"]
    }

    @Test("config check prints every key, redacts secrets and accepts flags")
    func configCheck() throws {
        let result = try GatehouseBinary.run(["config", "check", "--port", "9999"], environment: [
            "GATEHOUSE_DATABASE_URL": "postgres://gh:top-secret-pw@db:5432/gh",
            "GATEHOUSE_PERMISSIONS": "reports:read", "GATEHOUSE_ROLES_ANALYST": "reports:read",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("port"))
        // The resolved roles and groups.
        #expect(result.stdout.contains("roles.analyst: reports:read\n"))
        #expect(result.stdout.contains("roles.operator: org:invite, org:read\n"))
        #expect(result.stdout.contains("permission_groups.read_only: account:read, org:read, reports:read, sessions:read\n"))
        #expect(result.stdout.contains("9999"))
        #expect(result.stdout.contains("rate_limit.token_failures_per_ip"))
        #expect(result.stdout.contains("gh:REDACTED@db"))
        #expect(!result.stdout.contains("top-secret-pw"))
        #expect(!result.stderr.contains("top-secret-pw"))
    }

    @Test("config check refuses a role naming an unknown permission")
    func configCheckUnknownPermission() throws {
        let result = try GatehouseBinary.run(["config", "check"], environment: ["GATEHOUSE_ROLES_ANALYST": "reports:read"])
        #expect(result.status != 0)
        #expect((result.stdout + result.stderr).contains("roles.analyst: unknown permission \"reports:read\""))
    }

    @Test("config check exits non-zero and names the key when a value is invalid")
    func configCheckInvalid() throws {
        let result = try GatehouseBinary.run(["config", "check"], environment: ["GATEHOUSE_LOCKOUT_THRESHOLD": "many"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("lockout.threshold"))
        let unknown = try GatehouseBinary.run(["config", "check", "--no-such-key", "1"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no-such-key"))
    }

    @Test("config check warns about plain http on a public host")
    func plainHTTPWarning() throws {
        let result = try GatehouseBinary.run(["config", "check", "--public_url", "http://id.example.com"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("warning: public_url http://id.example.com is plain http"))
        let loopback = try GatehouseBinary.run(["config", "check"])
        #expect(!loopback.stdout.contains("warning:"))
    }

    @Test("user create reads the password from stdin; list, disable, enable and unlock work by name")
    func userLifecycle() throws {
        try TestStores.withTemporaryDirectorySync { dir in
            let env = environment(dir)
            let created = try GatehouseBinary.run(
                ["user", "create", "--username", "Alice", "--email", "alice@example.com", "--role", "admin", "--verified", "--password-stdin"],
                environment: env, stdin: "correct horse battery staple\n")
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains("created account Alice"))
            #expect(!created.stdout.contains("correct horse") && !created.stderr.contains("correct horse"))
            #expect(FileManager.default.fileExists(atPath: dir + "/gatehouse.sqlite"))

            let duplicate = try GatehouseBinary.run(
                ["user", "create", "--username", "ALICE", "--email", "dup@example.com", "--password-stdin"],
                environment: env, stdin: "another fine passphrase")
            #expect(duplicate.status != 0)
            #expect(duplicate.stderr.contains("already_taken"))

            let weak = try GatehouseBinary.run(
                ["user", "create", "--username", "bob", "--email", "bob@example.com", "--password-stdin"], environment: env, stdin: "password1")
            #expect(weak.status != 0)
            #expect(weak.stderr.contains("password_compromised"))

            let noStdin = try GatehouseBinary.run(["user", "create", "--username", "bob", "--email", "bob@example.com"], environment: env)
            #expect(noStdin.status != 0)
            #expect(noStdin.stderr.contains("--password-stdin"))

            var list = try GatehouseBinary.run(["user", "list"], environment: env)
            #expect(list.status == 0)
            #expect(list.stdout.contains("Alice\talice@example.com\tactive\tno\tyes\tadmin"))
            #expect(!list.stdout.contains("bob"))

            #expect(try GatehouseBinary.run(["user", "disable", "alice@example.com"], environment: env).status == 0)
            list = try GatehouseBinary.run(["user", "list"], environment: env)
            #expect(list.stdout.contains("\tdisabled\t"))
            #expect(try GatehouseBinary.run(["user", "enable", "alice"], environment: env).status == 0)
            #expect(try GatehouseBinary.run(["user", "unlock", "ALICE"], environment: env).status == 0)
            let missing = try GatehouseBinary.run(["user", "unlock", "nobody"], environment: env)
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("no account named nobody"))
        }
    }

    @Test("org create, list and add-member manage organisations by slug and members by username or email")
    func organizations() throws {
        try TestStores.withTemporaryDirectorySync { dir in
            let env = environment(dir)
            for (name, email) in [("anna", "anna@example.com"), ("boris", "boris@example.com")] {
                let created = try GatehouseBinary.run(["user", "create", "--username", name, "--email", email, "--verified", "--password-stdin"],
                                                      environment: env, stdin: "correct horse battery staple")
                #expect(created.status == 0, "\(created.stderr)")
            }
            let rail = try GatehouseBinary.run(["org", "create", "rail", "--name", "Rail operations"], environment: env)
            #expect(rail.status == 0, "\(rail.stderr)")
            #expect(rail.stdout.contains("created organisation rail (Rail operations)"))
            let taken = try GatehouseBinary.run(["org", "create", "RAIL", "--name", "Again"], environment: env)
            #expect(taken.status != 0)
            #expect(taken.stderr.contains("already_taken"))
            let invalid = try GatehouseBinary.run(["org", "create", "rail ops", "--name", "Rail"], environment: env)
            #expect(invalid.status != 0)
            #expect(invalid.stderr.contains("validation_failed"))

            let added = try GatehouseBinary.run(["org", "add-member", "rail", "anna", "--role", "operator"], environment: env)
            #expect(added.status == 0, "\(added.stderr)")
            #expect(added.stdout.contains("anna is operator of rail"))
            #expect(try GatehouseBinary.run(["org", "add-member", "rail", "boris@example.com"], environment: env).status == 0)
            let badRole = try GatehouseBinary.run(["org", "add-member", "rail", "boris", "--role", "owner"], environment: env)
            #expect(badRole.status != 0)
            #expect(badRole.stderr.contains("--role must be member or operator"))
            let nobody = try GatehouseBinary.run(["org", "add-member", "rail", "nobody"], environment: env)
            #expect(nobody.status != 0)
            #expect(nobody.stderr.contains("no account has the username or email nobody"))
            let noOrg = try GatehouseBinary.run(["org", "add-member", "ships", "anna"], environment: env)
            #expect(noOrg.status != 0)
            #expect(noOrg.stderr.contains("not_found"))

            let list = try GatehouseBinary.run(["org", "list"], environment: env)
            #expect(list.status == 0)
            #expect(list.stdout == "SLUG\tNAME\tMEMBERS\tOPERATORS\nrail\tRail operations\t2\tanna\n")
        }
    }

    @Test("invite mails an invitation into an organisation (or a new one) and never prints its token; bad input is refused")
    func invite() async throws {
        try await TestStores.withTemporaryDirectory { dir in
            let env = environment(dir)
            #expect(try GatehouseBinary.run(["org", "create", "rail", "--name", "Rail operations"], environment: env).status == 0)
            let invited = try GatehouseBinary.run(["invite", "--email", "Olga@Example.com", "--org", "rail", "--role", "operator"], environment: env)
            #expect(invited.status == 0, "\(invited.stderr)")
            #expect(invited.stdout.contains("invited Olga@Example.com into rail as operator"))
            let created = try GatehouseBinary.run(["invite", "--email", "pavel@example.com", "--org", "ships", "--new-org-name", "Ships"], environment: env)
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains("into ships as member"))
            let unknown = try GatehouseBinary.run(["invite", "--email", "x@example.com", "--org", "air"], environment: env)
            #expect(unknown.status != 0 && unknown.stderr.contains("not_found"))
            let badAddress = try GatehouseBinary.run(["invite", "--email", "not an address", "--org", "rail"], environment: env)
            #expect(badAddress.status != 0 && badAddress.stderr.contains("validation_failed"))
            let badRole = try GatehouseBinary.run(["invite", "--email", "x@example.com", "--org", "rail", "--role", "owner"], environment: env)
            #expect(badRole.status != 0 && badRole.stderr.contains("--role must be member or operator"))

            let store = try await SQLiteStore.open(path: dir + "/gatehouse.sqlite", logger: TestStores.logger)
            let rail = try #require(try await store.organizations.organization(slug: "rail"))
            let invitations = try await store.invitations.invitations(of: rail.id)
            #expect(invitations.map { "\($0.emailNormalized) \($0.orgRole.rawValue) \($0.invitedBy == nil)" } == ["olga@example.com operator true"])
            #expect(try await store.organizations.organization(slug: "ships")?.name == "Ships")
            // The tokens live only in the sealed mails waiting in the outbox; nothing printed carries one.
            #expect(try await store.outbox.list(limit: 10).count == 2)
            let expires = try #require(invitations.first).expiresAt.timeIntervalSince(try #require(invitations.first).createdAt)
            #expect(expires == 7 * 86400)
            try await store.close()
        }
    }

    @Test("a password that is not valid UTF-8 is refused")
    func badUTF8() throws {
        try TestStores.withTemporaryDirectorySync { dir in
            let result = try ChildProcess.run(
                try GatehouseBinary.url(), ["user", "create", "--username", "u", "--email", "u@example.com", "--password-stdin"],
                environment: environment(dir), stdin: Data([0x70, 0x61, 0xFF, 0xFE, 0x73, 0x73, 0x77, 0x6F, 0x72, 0x64]))
            #expect(result.status != 0)
            #expect(result.stderrText.contains("not valid UTF-8"))
        }
    }

    @Test("backup copies the SQLite database to a new private file while a server runs; the copy opens with the same key, lists the accounts and its audit log verifies; PostgreSQL is pointed to pg_dump")
    func backup() async throws {
        try await TestStores.withTemporaryDirectory { dir in
            let env = environment(dir)
            for name in ["ann", "ben"] {
                let created = try GatehouseBinary.run(["user", "create", "--username", name, "--email", "\(name)@example.com", "--password-stdin"], environment: env,
                                                      stdin: "a fine passphrase")
                #expect(created.status == 0, "\(created.stderr)")
            }
            let port = try ServeTests.freePort()
            let server = try ServeTests.Server.start(try GatehouseBinary.url(), ["serve", "--port", String(port)], environment: env.merging(["PATH": "/usr/bin:/bin"]) { $1 },
                                                     log: dir + "/serve.log")
            defer { server.running.kill() }
            for _ in 0..<100 where (try? await ServeTests.get("http://127.0.0.1:\(port)/readyz"))?.0 != 200 { try await Task.sleep(for: .milliseconds(100)) }

            let copy = dir + "/copy.sqlite"
            let backup = try GatehouseBinary.run(["backup", "--to", copy], environment: env)
            #expect(backup.status == 0, "\(backup.stderr)")
            let mode = try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let again = try GatehouseBinary.run(["backup", "--to", copy], environment: env)
            #expect(again.status != 0 && again.stderr.contains("exists"), "an existing file is never overwritten")
            _ = await server.stop()

            let fromCopy = env.merging(["GATEHOUSE_DATABASE_URL": "sqlite:" + copy]) { $1 }
            let list = try GatehouseBinary.run(["user", "list"], environment: fromCopy)
            #expect(list.stdout.contains("ann") && list.stdout.contains("ben"), "\(list.stdout) \(list.stderr)")
            let verify = try GatehouseBinary.run(["audit", "verify"], environment: fromCopy)
            #expect(verify.status == 0 && verify.stdout.contains("intact"), "\(verify.stdout) \(verify.stderr)")
        }
        try await TestStores.withPostgresDatabase { url in
            let refused = try GatehouseBinary.run(["backup", "--to", "/tmp/never.sqlite", "--database-url", url])
            #expect(refused.status != 0 && refused.stderr.contains("pg_dump"), "\(refused.stderr)")
        }
    }

    @Test("keys rotate puts a new key first in secret.key and keeps the old one; keys list counts what each key covers; reseal moves sealed data; audit verify needs the old key for its records")
    func keyRotation() async throws {
        try await TestStores.withTemporaryDirectory { dir in
            let env = environment(dir)
            let created = try GatehouseBinary.run(["user", "create", "--username", "ann", "--email", "ann@example.com", "--password-stdin"],
                                                  environment: env, stdin: "a fine passphrase")
            #expect(created.status == 0, "\(created.stderr)")
            let path = dir + "/secret.key"
            let original = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            let oldID = KeyRing.id(of: try #require(SecretKey.decode(original)))

            let rotated = try GatehouseBinary.run(["keys", "rotate"], environment: env)
            #expect(rotated.status == 0, "\(rotated.stderr)")
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(lines.count == 2 && lines[1] == original, "the old key stays, after the new one")
            let newID = KeyRing.id(of: try #require(SecretKey.decode(lines[0])))
            #expect(rotated.stdout.contains(newID))
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
            // Nothing has been written under the new key yet: a server may still use the old one.
            let early = try GatehouseBinary.run(["keys", "reseal"], environment: env)
            #expect(early.status != 0 && early.stderr.contains("--force"), "\(early.stdout) \(early.stderr)")

            // The verification mail of an unverified account is sealed under the new key.
            let second = try GatehouseBinary.run(["user", "create", "--username", "ben", "--email", "ben@example.com", "--password-stdin"],
                                                 environment: env, stdin: "a fine passphrase")
            #expect(second.status == 0, "\(second.stderr)")
            let list = try GatehouseBinary.run(["keys", "list"], environment: env)
            #expect(list.status == 0, "\(list.stderr)")
            let listed = list.stdout.split(separator: "\n").map(String.init)
            #expect(listed.first?.hasPrefix(newID + "  current") == true, "\(list.stdout)")
            #expect(listed.contains { $0.hasPrefix(oldID + "  fallback") && !$0.contains(": 0 audit records") }, "\(list.stdout)")
            #expect(!list.stdout.contains(original) && !list.stdout.contains(lines[0]), "keys are never printed by list")

            let verify = try GatehouseBinary.run(["audit", "verify"], environment: env)
            #expect(verify.status == 0 && verify.stdout.contains("intact"), "\(verify.stdout) \(verify.stderr)")
            let reseal = try GatehouseBinary.run(["keys", "reseal"], environment: env)
            #expect(reseal.status == 0 && reseal.stdout.contains("resealed under \(newID)") && reseal.stdout.contains("keys.retired"), "\(reseal.stdout) \(reseal.stderr)")
            let afterReseal = try GatehouseBinary.run(["audit", "verify"], environment: env)
            #expect(afterReseal.status == 0, "\(afterReseal.stdout) \(afterReseal.stderr)")

            // Without the old key, its records no longer verify, and the report names the missing key.
            try (lines[0] + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            let broken = try GatehouseBinary.run(["audit", "verify"], environment: env)
            #expect(broken.status != 0 && broken.stderr.contains(oldID), "\(broken.stdout) \(broken.stderr)")
            let missing = try GatehouseBinary.run(["keys", "list"], environment: env)
            #expect(missing.stdout.contains(oldID + "  MISSING"), "\(missing.stdout)")

            // A configured secret_key is never rewritten: the new key and the settings are printed.
            let configured = try GatehouseBinary.run(["keys", "rotate"], environment: env.merging(["GATEHOUSE_SECRET_KEY": original]) { $1 })
            #expect(configured.status == 0 && configured.stdout.contains("secret_key_fallbacks"), "\(configured.stdout)")
            #expect(!configured.stdout.contains(original), "the configured key is named by its id, never printed")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == lines[0] + "\n")
        }
    }

    @Test("migrate is idempotent on SQLite and PostgreSQL")
    func migrate() async throws {
        try TestStores.withTemporaryDirectorySync { dir in
            let first = try GatehouseBinary.run(["migrate"], environment: environment(dir))
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("applied migrations: 1, 2, 3"))
            let second = try GatehouseBinary.run(["migrate"], environment: environment(dir))
            #expect(second.stdout.contains("database is up to date"))
        }
        try await TestStores.withPostgresDatabase { url in
            let first = try GatehouseBinary.run(["migrate", "--database-url", url])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("applied migrations: 1, 2, 3"))
            let second = try GatehouseBinary.run(["migrate"], environment: ["GATEHOUSE_DATABASE_URL": url])
            #expect(second.stdout.contains("database is up to date"))
        }
    }

    @Test("audit verify reports an intact log, and the first broken link after a row is edited or deleted")
    func auditVerify() async throws {
        try await TestStores.withTemporaryDirectory { dir in
            let env = environment(dir)
            for name in ["ann", "ben", "cat"] {
                let created = try GatehouseBinary.run(
                    ["user", "create", "--username", name, "--email", "\(name)@example.com", "--verified", "--password-stdin"], environment: env, stdin: "a fine passphrase")
                #expect(created.status == 0, "\(created.stderr)")
            }
            _ = try GatehouseBinary.run(["user", "disable", "ben"], environment: env)
            let intact = try GatehouseBinary.run(["audit", "verify"], environment: env)
            #expect(intact.status == 0, "\(intact.stderr)")
            #expect(intact.stdout.contains("audit log intact: 4 events"))

            let database = DatabaseLocation.sqlite(path: dir + "/gatehouse.sqlite")
            try await TestStores.executeDirectly("UPDATE audit_events SET actor_id = 'someone' WHERE sequence = 2", at: database)
            let edited = try GatehouseBinary.run(["audit", "verify"], environment: env)
            #expect(edited.status != 0)
            #expect(edited.stderr.contains("event 2 was altered"))

            try await TestStores.executeDirectly("UPDATE audit_events SET actor_id = NULL WHERE sequence = 2", at: database)
            #expect(try GatehouseBinary.run(["audit", "verify"], environment: env).status == 0, "restoring the row restores the chain")
            try await TestStores.executeDirectly("DELETE FROM audit_events WHERE sequence = 3", at: database)
            let deleted = try GatehouseBinary.run(["audit", "verify"], environment: env)
            #expect(deleted.status != 0)
            #expect(deleted.stderr.contains("broken at event 4"))
        }
    }

    @Test("audit anchor appends signed checkpoints; verify --checkpoint finds rows cut off the end; prune keeps the rest verifiable")
    func auditAnchor() async throws {
        try await TestStores.withTemporaryDirectory { dir in
            let env = environment(dir)
            func create(_ name: String) throws {
                let created = try GatehouseBinary.run(
                    ["user", "create", "--username", name, "--email", "\(name)@example.com", "--verified", "--password-stdin"], environment: env, stdin: "a fine passphrase")
                #expect(created.status == 0, "\(created.stderr)")
            }
            try create("ann")
            try create("ben")
            let file = dir + "/checkpoints.jsonl"
            let first = try GatehouseBinary.run(["audit", "anchor", "--append", file], environment: env)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains(#""sequence":2"#) && first.stdout.contains("gatehouse.audit_checkpoint"))
            try create("cat")
            try create("dan")
            #expect(try GatehouseBinary.run(["audit", "anchor", "--append", file], environment: env).status == 0)
            let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 2 && lines[1].contains(#""sequence":4"#))
            let holds = try GatehouseBinary.run(["audit", "verify", "--checkpoint", file], environment: env)
            #expect(holds.status == 0, "\(holds.stderr)")
            #expect(holds.stdout.contains("audit log intact: 4 events; 2 checkpoints"))

            // The newest rows deleted and the head moved back: the chain alone still verifies, the checkpoint does not.
            let database = DatabaseLocation.sqlite(path: dir + "/gatehouse.sqlite")
            try await TestStores.executeDirectly("DELETE FROM audit_events WHERE sequence >= 4", at: database)
            try await TestStores.executeDirectly(
                "UPDATE audit_chain_head SET sequence = 3, hash = (SELECT hash FROM audit_events WHERE sequence = 3)", at: database)
            #expect(try GatehouseBinary.run(["audit", "verify"], environment: env).status == 0)
            let cut = try GatehouseBinary.run(["audit", "verify", "--checkpoint", file], environment: env)
            #expect(cut.status != 0)
            #expect(cut.stderr.contains("saw event 4 but the log now ends at 3"), "\(cut.stderr)")

            // A checkpoint edited by hand, or a line that is none, is refused.
            let forged = dir + "/forged.jsonl"
            try String(lines[0]).replacingOccurrences(of: #""sequence":2"#, with: #""sequence":1"#).write(toFile: forged, atomically: true, encoding: .utf8)
            let refused = try GatehouseBinary.run(["audit", "verify", "--checkpoint", forged], environment: env)
            #expect(refused.status != 0 && refused.stderr.contains("not signed by this server"), "\(refused.stderr)")
            try "not a checkpoint\n".write(toFile: forged, atomically: true, encoding: .utf8)
            let garbage = try GatehouseBinary.run(["audit", "verify", "--checkpoint", forged], environment: env)
            #expect(garbage.status != 0 && garbage.stderr.contains("line 1: not a checkpoint"), "\(garbage.stderr)")

            // Retention: without audit.retention nothing is pruned; with it the old events go and what is left verifies.
            let unset = try GatehouseBinary.run(["audit", "prune"], environment: env)
            #expect(unset.status != 0 && unset.stderr.contains("audit.retention is not set"))
            try await Task.sleep(for: .milliseconds(1100))
            var keepOneSecond = env
            keepOneSecond["GATEHOUSE_AUDIT_RETENTION"] = "1s"
            let pruned = try GatehouseBinary.run(["audit", "prune"], environment: keepOneSecond)
            #expect(pruned.status == 0, "\(pruned.stderr)")
            #expect(pruned.stdout.contains("audit events pruned: 3"))
            let after = try GatehouseBinary.run(["audit", "verify"], environment: env)
            #expect(after.status == 0 && after.stdout.contains("audit log intact: 1 events"), "\(after.stderr)")
            try String(lines[0]).write(toFile: forged, atomically: true, encoding: .utf8)
            let older = try GatehouseBinary.run(["audit", "verify", "--checkpoint", forged], environment: env)
            #expect(older.status == 0, "a checkpoint of pruned events still holds: \(older.stderr)")
        }
    }

    @Test("user reset-two-factor turns the authenticator off, queues the notice and audits it")
    func resetTwoFactor() async throws {
        try await TestStores.withTemporaryDirectory { dir in
            let env = environment(dir)
            let created = try GatehouseBinary.run(
                ["user", "create", "--username", "pia", "--email", "pia@example.com", "--verified", "--password-stdin"], environment: env, stdin: "a fine passphrase")
            #expect(created.status == 0, "\(created.stderr)")
            let database = DatabaseLocation.sqlite(path: dir + "/gatehouse.sqlite")
            try await TestStores.executeDirectly(
                """
                INSERT INTO credentials (id, account_id, kind, state, secret, secret_hash, last_step, created_at)
                SELECT 'c1', id, 'totp', 'active', 'v1.sealed', NULL, 5, 1 FROM accounts
                UNION ALL SELECT 'c2', id, 'backup_code', 'active', NULL, 'h', NULL, 1 FROM accounts
                """, at: database)
            let reset = try GatehouseBinary.run(["user", "reset-two-factor", "PIA"], environment: env)
            #expect(reset.status == 0, "\(reset.stderr)")
            #expect(reset.stdout.contains("two-factor authentication reset for pia"))
            try await GatehouseStorage.withStore(at: database, logger: TestStores.logger) { store in
                let account = try #require(try await store.accounts.account(login: "pia"))
                #expect(account.twoFactor == TwoFactorState())
                #expect(try await store.transaction { try await $0.credentials.credentials(accountID: account.id) }.isEmpty)
                #expect(try await store.outbox.list(limit: 10).map(\.kind.rawValue).contains("two_factor_reset"))
                let events = try await store.auditLog.records(after: 0, limit: 100)
                #expect(events.contains { $0.type == .twoFactorReset && $0.subjectID == account.id && $0.details.contains("administrator") })
            }
            let missing = try GatehouseBinary.run(["user", "reset-two-factor", "nobody"], environment: env)
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("no account named nobody"))
        }
    }
}

/// Files Gatehouse writes are private to its user.
@Suite("File permissions")
struct FilePermissionTests {
    func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int).flatMap { $0 }
    }

    @Test("the database, its WAL and SHM files and the secret key are created 0600 in an existing 0755 directory")
    func privateFiles() throws {
        try TestStores.withTemporaryDirectorySync { dir in
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir)
            let env = ["GATEHOUSE_DATA_DIR": dir, "GATEHOUSE_ARGON2_MEMORY_KIB": "64", "GATEHOUSE_ARGON2_ITERATIONS": "1"]
            let created = try GatehouseBinary.run(
                ["user", "create", "--username", "perm", "--email", "perm@example.com", "--verified", "--password-stdin"],
                environment: env, stdin: "correct horse battery staple\n")
            #expect(created.status == 0, "\(created.stderr)")
            for name in ["gatehouse.sqlite", "gatehouse.sqlite-wal", "gatehouse.sqlite-shm", "secret.key"] where FileManager.default.fileExists(atPath: dir + "/" + name) {
                #expect(mode(dir + "/" + name) == 0o600, "\(name): \(String(mode(dir + "/" + name) ?? 0, radix: 8))")
            }
            #expect(mode(dir + "/gatehouse.sqlite") == 0o600)
        }
    }

    @Test("the storage layer creates the database 0600 whatever the umask, and SQLite gives WAL and SHM the same mode")
    func storagePrivate() async throws {
        try await TestStores.withTemporaryDirectory { dir in
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir)
            let path = dir + "/fresh.sqlite"
            let store = try await SQLiteStore.open(path: path, logger: Logger(label: "test"))
            try await store.migrate()
            for suffix in ["", "-wal", "-shm"] {
                #expect(mode(path + suffix) == 0o600, "\(suffix): \(String(mode(path + suffix) ?? 0, radix: 8))")
            }
            try await store.close()
        }
    }

    @Test("a group- or world-readable secret key or database makes config check (and serve) warn")
    func looseModesWarn() throws {
        try TestStores.withTemporaryDirectorySync { dir in
            let env = ["GATEHOUSE_DATA_DIR": dir, "GATEHOUSE_ARGON2_MEMORY_KIB": "64", "GATEHOUSE_ARGON2_ITERATIONS": "1"]
            #expect(try GatehouseBinary.run(["migrate"], environment: env).status == 0)
            try "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n".write(toFile: dir + "/secret.key", atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: dir + "/secret.key")
            let quiet = try GatehouseBinary.run(["config", "check"], environment: env)
            #expect(!quiet.stdout.contains("group or others"), "\(quiet.stdout)")
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: dir + "/secret.key")
            try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: dir + "/gatehouse.sqlite")
            let warned = try GatehouseBinary.run(["config", "check"], environment: env)
            #expect(warned.stdout.contains("warning: \(dir)/secret.key has mode 644"), "\(warned.stdout)")
            #expect(warned.stdout.contains("warning: \(dir)/gatehouse.sqlite has mode 640"), "\(warned.stdout)")
        }
    }
}
