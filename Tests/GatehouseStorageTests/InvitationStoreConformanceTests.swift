import Foundation
import GatehouseCore
import GatehouseStorage
import GatehouseTestSupport
import Testing

/// `InvitationStore` on a real SQLite file and a real PostgreSQL server.
@Suite("Store conformance: invitations")
struct InvitationStoreConformanceTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func invitation(_ email: String, into organization: Organization, token: String, by inviter: AccountID?, at offset: TimeInterval = 0,
                    roles: Set<Role> = []) -> NewInvitation {
        NewInvitation(id: InvitationID(rawValue: UUID().uuidString.lowercased()), tokenHash: SecretToken.hash(token), email: email,
                      emailNormalized: email.lowercased(), organizationID: organization.id, orgRole: .member, roles: roles, invitedBy: inviter,
                      createdAt: now.addingTimeInterval(offset), expiresAt: now.addingTimeInterval(offset + 3600))
    }

    @Test("invitations: create, read with organisation and inviter, list newest first; accept, revoke and renew are conditional; expiry ends them",
          arguments: StoreBackend.allCases)
    func lifecycle(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let inviter = try await TestStores.account(in: store, "olga", verified: true, at: now)
            let rail = Organization(id: OrganizationID(rawValue: UUID().uuidString.lowercased()), slug: "rail", name: "Rail", createdAt: now)
            try await store.organizations.createOrganization(rail)
            let first = invitation("Pavel@example.com", into: rail, token: "one", by: inviter.id, roles: [Role("auditor"), .admin])
            let second = invitation("vera@example.com", into: rail, token: "two", by: nil, at: 10)
            try await store.invitations.createInvitation(first)
            try await store.invitations.createInvitation(second)

            let read = try #require(try await store.invitations.invitation(id: first.id))
            #expect(read.email == "Pavel@example.com" && read.emailNormalized == "pavel@example.com")
            #expect(read.organization == rail && read.orgRole == .member && read.roles == [Role("auditor"), .admin])
            #expect(read.invitedBy == inviter.id && read.invitedByUsername == "olga")
            #expect(read.state(at: now) == .pending && read.state(at: now.addingTimeInterval(3600)) == .expired)
            #expect(try await store.invitations.invitations(of: rail.id).map(\.id) == [second.id, first.id])
            #expect(try await store.invitations.liveInvitation(tokenHash: SecretToken.hash("one"), now: now)?.id == first.id)
            #expect(try await store.invitations.liveInvitation(tokenHash: SecretToken.hash("one"), now: now.addingTimeInterval(3600)) == nil)

            // Renewing gives a new token; the old one stops working.
            #expect(try await store.invitations.renewInvitation(first.id, tokenHash: SecretToken.hash("three"), expiresAt: now.addingTimeInterval(7200),
                                                                 at: now.addingTimeInterval(1)))
            #expect(try await store.invitations.liveInvitation(tokenHash: SecretToken.hash("one"), now: now) == nil)
            #expect(try await store.invitations.liveInvitation(tokenHash: SecretToken.hash("three"), now: now.addingTimeInterval(5000))?.id == first.id)

            let account = AccountID(rawValue: UUID().uuidString.lowercased())
            #expect(try await store.invitations.acceptInvitation(tokenHash: SecretToken.hash("one"), by: account, at: now) == nil)
            let accepted = try #require(try await store.invitations.acceptInvitation(tokenHash: SecretToken.hash("three"), by: account, at: now))
            #expect(accepted.acceptedBy == account && accepted.state(at: now) == .accepted)
            #expect(try await store.invitations.acceptInvitation(tokenHash: SecretToken.hash("three"), by: account, at: now) == nil)
            #expect(try await store.invitations.revokeInvitation(first.id, at: now) == false)
            #expect(try await store.invitations.renewInvitation(first.id, tokenHash: SecretToken.hash("four"), expiresAt: now, at: now) == false)

            #expect(try await store.invitations.revokeInvitation(second.id, at: now))
            #expect(try await store.invitations.revokeInvitation(second.id, at: now) == false)
            #expect(try await store.invitations.invitation(id: second.id)?.state(at: now) == .revoked)
            #expect(try await store.invitations.acceptInvitation(tokenHash: SecretToken.hash("two"), by: account, at: now) == nil)

            // A new invitation replaces the pending ones of the same address into the same organisation.
            let third = invitation("vera@example.com", into: rail, token: "five", by: nil, at: 20)
            let fourth = invitation("vera@example.com", into: rail, token: "six", by: nil, at: 30)
            let withRoles = invitation("vera@example.com", into: rail, token: "seven", by: nil, at: 40, roles: [.admin])
            try await store.invitations.createInvitation(third)
            try await store.invitations.createInvitation(fourth)
            try await store.invitations.createInvitation(withRoles)
            #expect(try await store.invitations.revokePendingInvitations(emailNormalized: "vera@example.com", organization: rail.id, includingRoles: false,
                                                                         at: now) == [third.id, fourth.id].sorted { $0.rawValue < $1.rawValue })
            #expect(try await store.invitations.revokePendingInvitations(emailNormalized: "vera@example.com", organization: rail.id, includingRoles: true,
                                                                         at: now) == [withRoles.id])
            #expect(try await store.invitations.revokePendingInvitations(emailNormalized: "vera@example.com", organization: rail.id, includingRoles: true,
                                                                         at: now) == [])
        }
    }

    @Test("access requests: stored as typed, routed to an organisation, listed newest first; deciding is conditional on open",
          arguments: StoreBackend.allCases)
    func accessRequests(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let operatorID = try await TestStores.account(in: store, "olga", verified: true, at: now).id
            let rail = Organization(id: OrganizationID(rawValue: UUID().uuidString.lowercased()), slug: "rail", name: "Rail", createdAt: now)
            try await store.organizations.createOrganization(rail)
            #expect(try await store.organizations.organization(id: rail.id) == rail)
            #expect(try await store.organizations.organization(id: OrganizationID(rawValue: "nothing")) == nil)
            func request(_ email: String, slug: String?, at offset: TimeInterval) -> AccessRequest {
                AccessRequest(id: AccessRequestID(rawValue: UUID().uuidString.lowercased()), name: "Vera <b>", email: email,
                              emailNormalized: email.lowercased(), organizationSlug: slug, organizationID: nil, message: "line one\nline two",
                              language: .ru, state: .open, createdAt: now.addingTimeInterval(offset))
            }
            let first = request("Vera@example.com", slug: "rail", at: 0)
            let second = request("ivan@example.com", slug: "ships", at: 10)
            try await store.accessRequests.createAccessRequest(first)
            try await store.accessRequests.createAccessRequest(second)
            #expect(try await store.accessRequests.accessRequest(id: first.id) == first)
            #expect(try await store.accessRequests.accessRequests(of: nil).map(\.id) == [second.id, first.id])
            #expect(try await store.accessRequests.accessRequests(of: rail.id).isEmpty)
            try await store.accessRequests.routeAccessRequest(first.id, to: rail.id)
            #expect(try await store.accessRequests.accessRequests(of: rail.id).map(\.id) == [first.id])

            #expect(try await store.accessRequests.decideAccessRequest(first.id, state: .rejected, by: operatorID, invitation: nil, at: now))
            #expect(try await store.accessRequests.decideAccessRequest(first.id, state: .approved, by: operatorID, invitation: nil, at: now) == false)
            let decided = try #require(try await store.accessRequests.accessRequest(id: first.id))
            #expect(decided.state == .rejected && decided.decidedBy == operatorID && decided.decidedByUsername == "olga" && decided.decidedAt == now)
        }
    }

    @Test("erasing an address removes its invitations, access requests, the audit records' copies and the mail queued for it, and nothing else",
          arguments: StoreBackend.allCases)
    func eraseAddress(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let rail = Organization(id: OrganizationID(rawValue: UUID().uuidString.lowercased()), slug: "rail", name: "Rail", createdAt: now)
            try await store.organizations.createOrganization(rail)
            try await store.invitations.createInvitation(invitation("Gone@Example.com", into: rail, token: "one", by: nil))
            try await store.invitations.createInvitation(invitation("stays@example.com", into: rail, token: "two", by: nil))
            for email in ["GONE@example.com", "stays@example.com"] {
                try await store.accessRequests.createAccessRequest(AccessRequest(
                    id: AccessRequestID(rawValue: UUID().uuidString.lowercased()), name: "Someone", email: email, emailNormalized: email.lowercased(),
                    organizationSlug: nil, organizationID: nil, message: "", language: .en, state: .open, createdAt: now))
            }
            let trail = TestStores.trail()
            try await UnitOfWork(store: store, trail: trail, cache: nil, outbox: nil).run { work in
                work.record(AuditEvent(.accessRequestReceived, personal: AuditPersonalData(ip: "192.0.2.9", email: "Gone@example.com")))
                work.record(AuditEvent(.accessRequestReceived, personal: AuditPersonalData(ip: "192.0.2.8", email: "stays@example.com")))
                try await work.outbox.enqueue(NewOutboxEntry(id: "m-gone", kind: .invitation, payload: "sealed", createdAt: now, recipientKey: "key-gone"))
                try await work.outbox.enqueue(NewOutboxEntry(id: "m-stays", kind: .invitation, payload: "sealed", createdAt: now, recipientKey: "key-stays"))
            }
            let erased = try await store.transaction { tx in
                try await tx.eraseAddress(emailNormalized: "gone@example.com", recipientKeys: ["key-old", "key-gone"])
            }
            #expect(erased == ErasedAddress(invitations: 1, accessRequests: 1, auditRecords: 1, mails: 1))
            #expect(try await store.invitations.invitations(of: rail.id).map(\.email) == ["stays@example.com"])
            #expect(try await store.accessRequests.accessRequests(of: nil).map(\.email) == ["stays@example.com"])
            let records = try await store.auditLog.search(AuditQuery(limit: 10))
            #expect(records.map(\.personal.email) == ["stays@example.com", nil] && records.last?.personal.ip == nil)
            let goneMail = try await store.outbox.status(id: "m-gone")
            let staysMail = try await store.outbox.status(id: "m-stays")
            #expect(goneMail == nil && staysMail != nil)
            #expect(try await trail.verify(store).problem == nil, "erased personal data leaves the chain intact")
        }
    }

    @Test("active administrators: accounts with the admin role that are not disabled", arguments: StoreBackend.allCases)
    func administrators(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let root = try await TestStores.account(in: store, "root", verified: true, at: now)
            let other = try await TestStores.account(in: store, "other", verified: true, at: now)
            _ = try await TestStores.account(in: store, "plain", verified: true, at: now)
            _ = try await store.accounts.setRoles(root.id, [.admin], at: now)
            _ = try await store.accounts.setRoles(other.id, [.admin, Role("auditor")], at: now)
            _ = try await store.accounts.setStatus(other.id, .disabled, at: now)
            #expect(try await store.accounts.activeAdministrators().map(\.username) == ["root"])
        }
    }
}
