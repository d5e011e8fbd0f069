import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The support console under `/admin` (#17, item 2): pages without JavaScript, in English and Russian.
@Suite("Support console")
struct AdminConsoleTests {
    func failLogin(_ client: any TestClientProtocol, _ user: String) async throws {
        _ = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"], body: loginBody(user, "wrong password"))
    }

    @Test("support finds a locked user, sees the state, unlocks on a page that names the account, and the person signs in")
    func unlockTask() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store)
            try await app.createAccount("root", roles: [.admin])
            let alice = try await app.createAccount("alice")
            try await Application(router: app.routes().router).test(.router) { client in
                for _ in 0..<3 { try await failLogin(client, "alice") }
                #expect(try await store.accounts.account(id: alice.id)?.isLocked == true)
                var (admin, _) = try await Browser.signedIn(client, "root")

                let landing = try await admin.get(client, "/admin")
                #expect(landing.status == .seeOther && landing.headers[.location] == "/admin/users")
                let list = String(buffer: try await admin.get(client, "/admin/users?query=ALI").body)
                #expect(list.contains("href=\"/admin/users/\(alice.id)\"") && list.contains("alice@example.com"))
                #expect(list.contains("Locked") && list.contains("two-factor off") && list.contains("never signed in"))
                #expect(!list.contains("root@example.com"), "only what the query matches")

                let detail = String(buffer: try await admin.get(client, "/admin/users/\(alice.id)").body)
                #expect(detail.contains("<h1>alice</h1>") && detail.contains("Locked"))
                #expect(detail.contains("href=\"/admin/users/\(alice.id)/unlock\""))
                #expect(detail.contains("Failed sign-in attempt"), "her security events")
                #expect(!detail.contains("/reset-two-factor\""), "no authenticator to reset")

                let confirm = try await admin.get(client, "/admin/users/\(alice.id)/unlock")
                let form = String(buffer: confirm.body)
                #expect(form.contains("Unlock alice?") && form.contains("Account: alice (alice@example.com)"))
                #expect(!form.contains("current_password"), "unlocking needs no password")
                let csrf = try #require(Browser.hidden("csrf_token", in: form))
                let done = try await admin.post(client, "/admin/users/\(alice.id)/unlock", form: [("csrf_token", csrf)])
                #expect(done.status == .seeOther && done.headers[.location] == "/admin/users/\(alice.id)?done=unlock")
                let after = String(buffer: try await admin.get(client, "/admin/users/\(alice.id)?done=unlock").body)
                #expect(after.contains("Unlocked.") && after.contains("Active"))
                let unlocked = try await store.auditLog.search(AuditQuery(subject: alice.id, types: [.accountUnlocked], limit: 5))
                #expect(unlocked.count == 1 && unlocked.first?.requestID?.isEmpty == false)

                let signedIn = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                        body: loginBody("alice", "correct horse battery"))
                #expect(signedIn.status == .ok)

                // Russian, and closed to anyone without admin:users.
                let russian = String(buffer: try await admin.get(client, "/admin/users?query=ali&lang=ru").body)
                #expect(russian.contains("Поиск пользователя") && russian.contains("Журнал аудита"))
                var (person, _) = try await Browser.signedIn(client, "alice")
                #expect(try await person.get(client, "/admin/users").status == .forbidden)
                #expect(try await person.get(client, "/admin/audit").status == .forbidden)
            }
        }
    }

    @Test("destructive actions need a recent password; access to a standard account starts from the console with a reason; the audit page filters")
    func destructiveAndAccess() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store)
            try await app.createAccount("root", roles: [.admin])
            let second = try await app.createAccount("second", roles: [.admin])
            let alice = try await app.createAccount("alice")
            try await Application(router: app.routes().router).test(.router) { client in
                var (admin, _) = try await Browser.signedIn(client, "root")
                _ = try await Browser.signedIn(client, "alice")
                let other = String(buffer: try await admin.get(client, "/admin/users/\(second.id)").body)
                #expect(!other.contains("/impersonate\""), "no access to another administrator")
                #expect(try await admin.get(client, "/admin/users/\(second.id)/impersonate").status == .ok)

                app.clock.advance(by: .seconds(600))
                let confirm = String(buffer: try await admin.get(client, "/admin/users/\(alice.id)/disable").body)
                #expect(confirm.contains("Disable alice?") && confirm.contains("name=\"current_password\""))
                let csrf = try #require(Browser.hidden("csrf_token", in: confirm))
                let refused = try await admin.post(client, "/admin/users/\(alice.id)/disable", form: [("csrf_token", csrf), ("current_password", "wrong")])
                #expect(refused.status == .unauthorized && String(buffer: refused.body).contains("That password is not right."))
                #expect(try await store.accounts.account(id: alice.id)?.status == .active)
                let disabled = try await admin.post(client, "/admin/users/\(alice.id)/disable",
                                                    form: [("csrf_token", csrf), ("current_password", "correct horse battery")])
                #expect(disabled.status == .seeOther)
                #expect(try await store.accounts.account(id: alice.id)?.status == .disabled)
                #expect(try await store.sessions.list(accountID: alice.id).isEmpty, "her sessions ended")
                let enabled = try await admin.post(client, "/admin/users/\(alice.id)/enable", form: [("csrf_token", csrf)])
                #expect(enabled.status == .seeOther)

                // Roles: within the administrator's own access, the last active administrator kept.
                let rolesPage = String(buffer: try await admin.get(client, "/admin/users/\(alice.id)/roles").body)
                #expect(rolesPage.contains("Change the roles of alice?") && rolesPage.contains("name=\"roles\""))
                let badRole = try await admin.post(client, "/admin/users/\(alice.id)/roles", form: [("csrf_token", csrf), ("roles", "member")])
                #expect(badRole.status == .badRequest)
                #expect(try await admin.post(client, "/admin/users/\(alice.id)/roles", form: [("csrf_token", csrf), ("roles", "auditor, editor")]).status == .seeOther)
                #expect(try await store.accounts.account(id: alice.id)?.roles == [Role("auditor"), Role("editor")])
                #expect(try await admin.post(client, "/admin/users/\(alice.id)/roles", form: [("csrf_token", csrf), ("roles", "")]).status == .seeOther)
                #expect(try await store.accounts.account(id: alice.id)?.roles == [])

                // Administrator access from the console: a reason, then the banner.
                let access = String(buffer: try await admin.get(client, "/admin/users/\(alice.id)/impersonate").body)
                #expect(access.contains("Access the account of alice?") && access.contains("name=\"reason\"") && access.contains("15 minutes"))
                #expect(!access.contains("current_password"), "the password was confirmed a moment ago")
                let short = try await admin.post(client, "/admin/users/\(alice.id)/impersonate", form: [("csrf_token", csrf), ("reason", "help")])
                #expect(short.status == .badRequest && String(buffer: short.body).contains("15 to 500 characters"))
                let refusedOther = try await admin.post(client, "/admin/users/\(second.id)/impersonate",
                                                        form: [("csrf_token", csrf), ("reason", "ticket 4711: checking a report")])
                #expect(refusedOther.status == .forbidden)
                let started = try await admin.post(client, "/admin/users/\(alice.id)/impersonate",
                                                   form: [("csrf_token", csrf), ("reason", "ticket 4711: checking a report")])
                #expect(started.status == .seeOther && started.headers[.location] == "/admin/impersonation")
                let landing = String(buffer: try await admin.get(client, "/admin/impersonation").body)
                #expect(landing.contains("You are using the account of alice") && landing.contains("Reason: ticket 4711: checking a report"))
                #expect(try await admin.get(client, "/admin/users").status == .forbidden, "administration stays closed during the access")
                let endCSRF = try #require(Browser.hidden("csrf_token", in: landing))
                #expect(try await admin.post(client, "/admin/impersonation/end", form: [("csrf_token", endCSRF)]).status == .seeOther)

                // The audit page: filtered by type and by subject, with a clear error for a bad filter.
                let audit = String(buffer: try await admin.get(client, "/admin/audit?type=account.disabled,account.enabled&subject=\(alice.id)").body)
                #expect(audit.contains("account.disabled") && audit.contains("account.enabled") && audit.contains("by root") && audit.contains("about alice"))
                #expect(!audit.contains("impersonation.started"))
                let all = String(buffer: try await admin.get(client, "/admin/audit?type=impersonation.started").body)
                #expect(all.contains("ticket 4711: checking a report"))
                let bad = String(buffer: try await admin.get(client, "/admin/audit?actor=root").body)
                #expect(bad.contains("An account is named by its id (a UUID)."))
                let russian = String(buffer: try await admin.get(client, "/admin/audit?lang=ru&actor=root").body)
                #expect(russian.contains("Учётная запись указывается по идентификатору (UUID)."))
            }
        }
    }

    @Test("the queues: every open access request, decided from the console, and every pending invitation across organisations")
    func queues() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store)
            try await app.createAccount("root", roles: [.admin])
            _ = try await app.dependencies.organizations.create(slug: "rail", name: "Rail")
            _ = try await app.dependencies.organizations.create(slug: "air", name: "Air")
            try await Application(router: app.routes().router).test(.router) { client in
                for (name, email, organization) in [("Vera", "vera@example.com", "rail"), ("Nobody", "nobody@example.com", "ships")] {
                    let answer = try await client.execute(uri: "/api/v1/access-requests", method: .post, headers: [.contentType: "application/json"],
                                                          body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: [
                                                              "name": name, "email": email, "organization": organization])))
                    #expect(answer.status == .accepted)
                }
                _ = try await app.deliverMail()
                var (admin, _) = try await Browser.signedIn(client, "root")
                let page = String(buffer: try await admin.get(client, "/admin/queues").body)
                #expect(page.contains("vera@example.com") && page.contains("nobody@example.com"), "routed and unrouted alike")
                #expect(page.contains("No invitation is pending."))
                let vera = try #require(try await store.accessRequests.accessRequests(of: nil).first { $0.email == "vera@example.com" })
                let csrf = try #require(Browser.hidden("csrf_token", in: page))
                let approved = try await admin.post(client, "/admin/access-requests/approve",
                                                    form: [("csrf_token", csrf), ("id", vera.id.rawValue), ("organization", "rail"), ("org_role", "member")])
                #expect(approved.status == .seeOther)
                let after = String(buffer: try await admin.get(client, "/admin/queues").body)
                #expect(!after.contains("<strong>Vera</strong>") && after.contains("nobody@example.com"))
                #expect(after.contains("vera@example.com") && after.contains("href=\"/organizations/rail\""), "her invitation is pending")
                let russian = String(buffer: try await admin.get(client, "/admin/queues?lang=ru").body)
                #expect(russian.contains("Запросы доступа и приглашения"))
            }
        }
    }
}
