import Foundation
import GatehouseCore
import GatehousePasswordHashing
import GatehouseTestSupport
import Testing

@Suite("Account administration")
struct AccountAdministrationTests {
    func withAdministration(_ body: @Sendable (AccountAdministration) async throws -> Void) async throws {
        try await TestStores.withStore(.sqlite) { store in
            try await body(AccountAdministration(store: store, hasher: Argon2PasswordHasher.forTests(), policy: PasswordPolicy(), trail: TestStores.trail()))
        }
    }

    @Test("creating an account stores a verifiable Argon2id hash of the NFKC password")
    func create() async throws {
        try await withAdministration { admin in
            let account = try await admin.create(AccountCreation(
                username: "Alice", email: "Alice@Example.com", password: "ｃｏｒｒｅｃｔ horse battery", roles: [.admin], emailVerified: true))
            #expect(account.usernameNormalized == "alice")
            #expect(account.emailVerifiedAt != nil)
            #expect(account.passwordHash.hasPrefix("$argon2id$v=19$m=64,t=1,p=1$"))
            #expect(try await admin.hasher.verify("correct horse battery", against: account.passwordHash))
            #expect(try await admin.hasher.verify("correct horse batterY", against: account.passwordHash) == false)
            #expect(try await admin.find("ALICE@example.com")?.id == account.id)
            #expect(try await admin.find("ａｌｉｃｅ")?.id == account.id)
        }
    }

    @Test("bad input is refused with a clear code and leaves nothing written")
    func refusals() async throws {
        try await withAdministration { admin in
            let cases: [(AccountCreation, ErrorCode, String)] = [
                (AccountCreation(username: "bad name", email: "a@example.com", password: "long enough pw"), .validationFailed, "username"),
                (AccountCreation(username: "ok", email: "not-an-email", password: "long enough pw"), .validationFailed, "email"),
                (AccountCreation(username: "ok", email: "a@example.com", password: "short"), .passwordTooWeak, "password"),
                (AccountCreation(username: "ok", email: "a@example.com", password: "password123"), .passwordCompromised, "password"),
                (AccountCreation(username: "carol", email: "a@example.com", password: "carol-is-great"), .passwordTooWeak, "password"),
                (AccountCreation(username: String(repeating: "x", count: 300), email: "a@example.com", password: "long enough pw"), .validationFailed, "username"),
            ]
            for (request, code, field) in cases {
                do {
                    _ = try await admin.create(request)
                    Issue.record("\(request.username) was accepted")
                } catch let error as GatehouseError {
                    #expect(error.code == code)
                    #expect(error.errors.first?.field == field)
                }
            }
            #expect(try await admin.store.accounts.list(limit: 10, after: nil).isEmpty)
        }
    }

    @Test("a taken username or email answers already_taken naming the field")
    func duplicates() async throws {
        try await withAdministration { admin in
            _ = try await admin.create(AccountCreation(username: "dave", email: "dave@example.com", password: "a fine passphrase"))
            do {
                _ = try await admin.create(AccountCreation(username: "DAVE", email: "other@example.com", password: "a fine passphrase"))
                Issue.record("duplicate accepted")
            } catch let error as GatehouseError {
                #expect(error.code == .alreadyTaken)
                #expect(error.errors == [FieldError(field: "username", code: "already_taken")])
            }
        }
    }

    @Test("disable, enable and unlock find the account by username or email")
    func statusChanges() async throws {
        try await withAdministration { admin in
            let account = try await admin.create(AccountCreation(username: "erin", email: "erin@example.com", password: "a fine passphrase"))
            _ = try await admin.store.accounts.recordFailedAttempt(account.id, threshold: 1, at: Date())
            _ = try await admin.disable("erin@example.com")
            #expect(try await admin.find("erin")?.status == .disabled)
            _ = try await admin.enable("Erin")
            #expect(try await admin.find("erin")?.status == .active)
            #expect(try await admin.find("erin")?.isLocked == true)
            _ = try await admin.unlock("erin")
            #expect(try await admin.find("erin")?.isLocked == false)
            await #expect(throws: GatehouseError(.notFound, detail: "No account has that username or email.")) {
                _ = try await admin.disable("nobody")
            }
        }
    }
}
