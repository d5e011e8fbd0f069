import Foundation
import GatehouseCore
import GatehouseTestSupport
import Testing

/// Invitations and registration through Core alone, on real stores.
@Suite("Invitations without HTTP")
struct InvitationFlowTests {
    /// The token of the newest invitation mail waiting in the outbox (sealed there; opened as the
    /// worker would).
    func newestInvitationToken(_ flow: FlowFixture) async throws -> String {
        let now = flow.clock.now()
        let claimed = try await flow.store.outbox.claim(limit: 100, now: now.addingTimeInterval(3600), until: now.addingTimeInterval(7200),
                                                        claimToken: UUID().uuidString)
        let links = try claimed.map { try flow.mail.mailer.open($0.payload) }.filter { $0.kind == .invitation || $0.kind == .invitationAccept }
            .compactMap { $0.values["link"] }
        let link = try #require(links.last)
        return try #require(URLComponents(string: link)?.queryItems?.first { $0.name == "invitation" }?.value)
    }

    @Test("20 parallel registrations with one invitation create exactly one account; the others answer invitation_invalid",
          arguments: StoreBackend.allCases)
    func parallelRegistrations(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let flow = try await FlowFixture.make(store)
            _ = try await flow.organizations.create(slug: "rail", name: "Rail")
            _ = try await flow.invitations.invite(email: "pavel@example.com", into: .organization(slug: "rail"), orgRole: .member, by: .commandLine)
            let token = try await newestInvitationToken(flow)
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        do {
                            let outcome = try await flow.registrations.register(
                                Registration(invitationToken: token, username: "pavel\(index)", password: "a long enough passphrase"),
                                request: flow.request)
                            guard case .signedIn(let result) = outcome else { return "no session" }
                            return "created \(result.account.username)"
                        } catch let error as GatehouseError {
                            return error.code.rawValue
                        }
                    }
                }
                var outcomes: [String] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            #expect(outcomes.filter { $0.hasPrefix("created ") }.count == 1)
            #expect(outcomes.filter { $0 == "invitation_invalid" }.count == 19)
            let accounts = try await store.accounts.list(limit: 100, after: nil)
            #expect(accounts.count == 1)
            let pavel = try #require(accounts.first)
            #expect(pavel.email == "pavel@example.com" && pavel.emailVerifiedAt != nil)
            let rail = try #require(try await store.organizations.organization(slug: "rail"))
            #expect(try await store.organizations.organizationMembers(rail.id).map(\.accountID) == [pavel.id])
            #expect(try await store.auditLog.records(after: 0, limit: 1000).filter { $0.type == .accountRegistered }.count == 1)
        }
    }

    @Test("registration checks the invitation before any password work, rolls back whole on a taken username, and starts the steps the account owes")
    func registration() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let flow = try await FlowFixture.make(store, twoFactorRequired: true, consentVersion: "2026-01")
            try await flow.createAccount("taken")
            _ = try await flow.invitations.invite(email: "pavel@example.com", into: .newOrganization(slug: "rail", name: "Rail"), orgRole: .operator,
                                                  roles: [Role("auditor")], by: .commandLine)
            let token = try await newestInvitationToken(flow)
            flow.hasher.reset()
            for bad in ["", "short", SecretToken.generate(SystemRandomSource())] {
                await #expect(throws: GatehouseError(.invitationInvalid)) {
                    _ = try await flow.registrations.register(Registration(invitationToken: bad, username: "pavel", password: "a long enough passphrase"),
                                                              request: flow.request)
                }
            }
            #expect(flow.hasher.hashes == 0)

            await #expect(throws: GatehouseError.self) {
                _ = try await flow.registrations.register(Registration(invitationToken: token, username: "taken", password: "a long enough passphrase"),
                                                          request: flow.request)
            }
            // The refused attempt used nothing up.
            #expect(try await flow.invitations.lookup(token: token).email == "pavel@example.com")
            guard case .signedIn(let result) = try await flow.registrations.register(
                Registration(invitationToken: token, username: "pavel", password: "a long enough passphrase", language: .ru), request: flow.request)
            else {
                Issue.record("a registration by invitation signs in")
                return
            }
            #expect(result.session.status == .consentRequired)
            #expect(result.account.roles == [Role("auditor")] && result.account.preferredLanguage == .ru)
            let memberships = try await store.organizations.memberships(of: result.account.id)
            #expect(memberships.map { "\($0.organization.slug):\($0.role.rawValue)" } == ["rail:operator"])
            guard case .valid(let record) = try await flow.signIn.authenticate(token: result.token) else {
                Issue.record("the registration's token does not name its session")
                return
            }
            #expect(record.session.status == .consentRequired)
        }
    }

    @Test("platform roles: an operator cannot revoke, resend or replace an administrator's invitation that carries them; a demoted administrator's grants none")
    func roles() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let flow = try await FlowFixture.make(store)
            let root = try await flow.administration.create(AccountCreation(username: "root", email: "root@example.com", password: "a long enough passphrase",
                                                                            roles: [.admin], emailVerified: true))
            let olga = try await flow.createAccount("olga")
            _ = try await flow.organizations.create(slug: "rail", name: "Rail")
            try await flow.organizations.setMember(olga.id, of: "rail", role: .operator)
            let withRoles = try await flow.invitations.invite(email: "ivan@example.com", into: .organization(slug: "rail"), orgRole: .member,
                                                              roles: [Role("auditor")], by: Inviter(root))
            await #expect(throws: GatehouseError.self) {
                _ = try await flow.invitations.invite(email: "x@example.com", into: .organization(slug: "rail"), orgRole: .member,
                                                      roles: [Role("auditor")], by: Inviter(olga))
            }
            for attempt in ["revoke", "resend"] {
                do {
                    if attempt == "revoke" {
                        try await flow.invitations.revoke(withRoles.id, of: "rail", by: Inviter(olga))
                    } else {
                        _ = try await flow.invitations.resend(withRoles.id, of: "rail", by: Inviter(olga))
                    }
                    Issue.record("an operator could \(attempt) an administrator's invitation with platform roles")
                } catch let error as GatehouseError {
                    #expect(error.code == .notFound, "\(attempt)")
                }
            }
            // The operator's own invitation to the same address does not replace it.
            let mine = try await flow.invitations.invite(email: "ivan@example.com", into: .organization(slug: "rail"), orgRole: .member, by: Inviter(olga))
            #expect(try await store.invitations.invitation(id: withRoles.id)?.state(at: flow.clock.now()) == .pending)
            #expect(try await store.invitations.invitation(id: mine.id)?.state(at: flow.clock.now()) == .pending)

            // The administrator who sent it is demoted: accepting it grants no platform role.
            flow.clock.advance(by: .seconds(1))
            _ = try await flow.invitations.resend(withRoles.id, of: "rail", by: Inviter(root))
            let token = try await newestInvitationToken(flow)
            _ = try await store.accounts.setRoles(root.id, [], at: flow.clock.now())
            guard case .signedIn(let result) = try await flow.registrations.register(
                Registration(invitationToken: token, username: "ivan", password: "a long enough passphrase"), request: flow.request)
            else {
                Issue.record("a registration by invitation signs in")
                return
            }
            #expect(result.account.roles.isEmpty)
            #expect(try await store.accounts.account(id: result.account.id)?.roles.isEmpty == true)
        }
    }
}
