import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The onboarding pages as a browser uses them, without JavaScript: forms posted back with their CSRF
/// token, mailed links opened (a GET consumes nothing), redirects followed by hand.
@Suite("Onboarding pages over HTTP")
struct OnboardingPageTests {
    func withPages(_ environment: [String: String] = [:], _ body: @Sendable (TestApp, any TestClientProtocol) async throws -> Void) async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: environment)
            try await Application(router: app.routes().router).test(.router) { client in try await body(app, client) }
        }
    }

    func path(_ link: String) -> String {
        let components = URLComponents(string: link)
        return (components?.path ?? "") + (components?.query.map { "?" + $0 } ?? "")
    }

    /// A browser signed in through `/login`.
    @Test("the login page links /access-request; a request shows the same thanks whatever it names, and keeps what was typed when it is refused")
    func accessRequest() async throws {
        try await withPages { app, client in
            try await app.createAccount("anna")
            _ = try await app.dependencies.organizations.create(slug: "rail", name: "Rail")
            var browser = Browser()
            #expect(String(buffer: try await browser.get(client, "/login").body).contains(#"href="/access-request""#))
            let page = try await browser.get(client, "/access-request")
            #expect(page.status == .ok)
            let csrf = try #require(Browser.hidden("csrf_token", in: String(buffer: page.body)))
            let known = try await browser.post(client, "/access-request", form: [
                ("name", "Anna"), ("email", "anna@example.com"), ("organization", "rail"), ("message", "hello"), ("csrf_token", csrf)])
            let unknown = try await browser.post(client, "/access-request", form: [
                ("name", "Anna"), ("email", "nobody@example.com"), ("organization", "ships"), ("message", "hello"), ("csrf_token", csrf)])
            #expect(known.status == .ok && unknown.status == .ok)
            #expect(String(buffer: known.body) == String(buffer: unknown.body), "nothing on screen tells the two apart")
            #expect(String(buffer: known.body).contains("Your request has been passed on"))
            let refused = try await browser.post(client, "/access-request", form: [
                ("name", "Vera"), ("email", "not an address"), ("message", "<b>keep me</b>"), ("csrf_token", csrf)])
            #expect(refused.status == .badRequest)
            #expect(String(buffer: refused.body).contains("&lt;b&gt;keep me&lt;/b&gt;") && !String(buffer: refused.body).contains("<b>keep me"))
            var stranger = Browser()
            #expect(try await stranger.post(client, "/access-request", form: [("name", "X"), ("email", "x@example.com"), ("csrf_token", csrf)]).status
                        == .forbidden)
            #expect(try await app.dependencies.store.accessRequests.accessRequests(of: nil).count == 2)
        }
    }

    @Test("the invitation's link opens /register with the address fixed; registering goes straight on to consent; a used link says so")
    func register() async throws {
        try await withPages { app, client in
            _ = try await app.dependencies.invitations.invite(email: "vera@example.com", into: .newOrganization(slug: "rail", name: "Rail operations"),
                                                              orgRole: .member, by: .commandLine)
            let link = try #require(try await app.deliverMail().first?.link("/register"))
            var browser = Browser()
            for _ in 0..<2 {
                let page = try await browser.get(client, path(link))
                #expect(page.status == .ok, "opening the link twice still shows the form")
                let html = String(buffer: page.body)
                #expect(html.contains(#"value="vera@example.com""#) && html.contains("readonly") && html.contains("Rail operations"))
            }
            let page = String(buffer: try await browser.get(client, path(link)).body)
            let csrf = try #require(Browser.hidden("csrf_token", in: page))
            let token = try #require(Browser.hidden("invitation", in: page))
            let mismatch = try await browser.post(client, "/register", form: [
                ("invitation", token), ("username", "vera"), ("password", "a long enough passphrase"), ("password_repeat", "another"), ("csrf_token", csrf)])
            #expect(mismatch.status == .badRequest)
            let done = try await browser.post(client, "/register", form: [
                ("invitation", token), ("username", "vera"), ("password", "a long enough passphrase"), ("password_repeat", "a long enough passphrase"),
                ("email", "mallory@example.com"), ("csrf_token", csrf)])
            #expect(done.status == .seeOther && done.headers[.location] == "/consent")
            #expect(browser.cookies["gatehouse_session"] != nil)
            let vera = try #require(try await app.dependencies.store.accounts.account(login: "vera"))
            #expect(vera.email == "vera@example.com", "the address is the invitation's, whatever the form says")
            var fresh = Browser()
            let used = try await fresh.get(client, path(link))
            #expect(used.status == .notFound && String(buffer: used.body).contains("has already been used"))
            // Without an invitation, invite-only registration points to the access request.
            let plain = try await fresh.get(client, "/register")
            #expect(String(buffer: plain.body).contains(#"href="/access-request""#) && !String(buffer: plain.body).contains(#"name="username""#))
        }
    }

    @Test("an accept link sends a signed-out browser to sign in and back; signed in, its owner joins and sees the organisation on /account")
    func accept() async throws {
        try await withPages { app, client in
            try await app.createAccount("anna")
            try await app.createAccount("boris")
            _ = try await app.dependencies.organizations.create(slug: "rail", name: "Rail operations")
            _ = try await app.dependencies.invitations.invite(email: "anna@example.com", into: .organization(slug: "rail"), orgRole: .member, by: .commandLine)
            let link = try #require(try await app.deliverMail().first?.link("/invitations/accept"))
            var signedOutBrowser = Browser()
            let signedOut = try await signedOutBrowser.get(client, path(link))
            #expect(signedOut.status == .seeOther)
            let location = try #require(signedOut.headers[.location])
            #expect(location.hasPrefix("/login?return_to=/invitations/accept%3Finvitation%3D"))

            var (boris, _) = try await Browser.signedIn(client, "boris")
            #expect(try await boris.get(client, path(link)).status == .forbidden, "another account's invitation")
            var (anna, csrf) = try await Browser.signedIn(client, "anna")
            let confirm = try await anna.get(client, path(link))
            #expect(confirm.status == .ok && String(buffer: confirm.body).contains("Rail operations"))
            let token = try #require(Browser.hidden("invitation", in: String(buffer: confirm.body)))
            let joined = try await anna.post(client, "/invitations/accept", form: [("invitation", token), ("csrf_token", csrf)])
            #expect(joined.headers[.location] == "/account?joined=rail")
            let account = String(buffer: try await anna.get(client, "/account?joined=rail").body)
            #expect(account.contains("You joined Rail operations.") && account.contains("Rail operations"))
            let again = try await anna.post(client, "/invitations/accept", form: [("invitation", token), ("csrf_token", csrf)])
            #expect(again.status == .notFound)
        }
    }

    @Test("an operator's page: members, invitations and requests with their forms; other people get the not-found page; the admin page is for admins")
    func organizationPage() async throws {
        try await withPages { app, client in
            try await app.createAccount("root", roles: [.admin])
            let olga = try await app.createAccount("olga")
            try await app.createAccount("anna")
            let organizations = app.dependencies.organizations
            _ = try await organizations.create(slug: "rail", name: "Rail operations")
            try await organizations.setMember(olga.id, of: "rail", role: .operator)
            try await app.dependencies.accessRequests.submit(AccessRequestSubmission(name: "Vera <i>V</i>", email: "vera@example.com", organization: "rail",
                                                                                     message: "<script>alert(1)</script>"), request: RequestInfo())
            try await app.deliverMail()

            var (operatorBrowser, csrf) = try await Browser.signedIn(client, "olga")
            let page = try await operatorBrowser.get(client, "/organizations/rail")
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("<h1>Rail operations</h1>") && html.contains("olga@example.com"))
            #expect(html.contains("Vera &lt;i&gt;V&lt;/i&gt;") && html.contains("&lt;script&gt;") && !html.contains("<script"))
            #expect(!html.contains(#"action="/organizations/rail/members""#), "operators invite; membership itself is the administrators'")

            let invited = try await operatorBrowser.post(client, "/organizations/rail/invitations", form: [("email", "ivan@example.com"), ("org_role", "member"),
                                                                                                           ("csrf_token", csrf)])
            #expect(invited.headers[.location] == "/organizations/rail?done=invited")
            #expect(try await app.deliverMail().map(\.gatehouseKind) == ["invitation"])
            let badAddress = try await operatorBrowser.post(client, "/organizations/rail/invitations", form: [("email", "nope"), ("csrf_token", csrf)])
            #expect(badAddress.headers[.location] == "/organizations/rail?error=email")
            #expect(String(buffer: try await operatorBrowser.get(client, "/organizations/rail?error=email").body).contains("valid email"))
            let requestID = try #require(try await app.dependencies.store.accessRequests.accessRequests(of: nil).first?.id.rawValue)
            let approved = try await operatorBrowser.post(client, "/organizations/rail/access-requests/approve", form: [
                ("id", requestID), ("org_role", "member"), ("csrf_token", csrf)])
            #expect(approved.headers[.location] == "/organizations/rail?done=approved")
            #expect(try await app.deliverMail().first?.to.map(\.address) == ["vera@example.com"])
            let after = String(buffer: try await operatorBrowser.get(client, "/organizations/rail?done=approved").body)
            #expect(after.contains("Approved: an invitation is on its way.") && after.contains("ivan@example.com"))
            // Without the CSRF token, nothing happens.
            #expect(try await operatorBrowser.post(client, "/organizations/rail/invitations", form: [("email", "x@example.com")]).status == .forbidden)

            var (member, _) = try await Browser.signedIn(client, "anna")
            // Without org:invite anywhere (an operator's permission), the management page is refused
            // whatever the slug; an operator of another organisation gets the not-found page (above).
            #expect(try await member.get(client, "/organizations/rail").status == .forbidden)
            #expect(try await member.get(client, "/organizations/ships").status == .forbidden)
            let notAdmin = try await member.get(client, "/admin/organizations")
            #expect(notAdmin.status == .forbidden, "signed in without the role: refused, not sent round to sign in again")
            #expect(notAdmin.headers[.contentType] == "text/html; charset=utf-8" && String(buffer: notAdmin.body).contains("Your account cannot open this page."))

            var (admin, adminCSRF) = try await Browser.signedIn(client, "root")
            let adminPage = try await admin.get(client, "/admin/organizations")
            #expect(adminPage.status == .ok && String(buffer: adminPage.body).contains(#"href="/organizations/rail""#))
            let created = try await admin.post(client, "/admin/invitations", form: [("email", "pavel@example.com"), ("slug", "ships"), ("name", "Ships"),
                                                                                     ("org_role", "operator"), ("csrf_token", adminCSRF)])
            #expect(created.headers[.location] == "/admin/organizations?done=invited")
            #expect(try await app.dependencies.store.organizations.organization(slug: "ships")?.name == "Ships")
            let added = try await admin.post(client, "/organizations/rail/members", form: [("login", "anna"), ("org_role", "member"), ("csrf_token", adminCSRF)])
            #expect(added.headers[.location] == "/organizations/rail?done=member")
            #expect(String(buffer: try await member.get(client, "/account").body).contains("Rail operations"))
        }
    }
}
