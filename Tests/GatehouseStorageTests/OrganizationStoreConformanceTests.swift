import Foundation
import GatehouseCore
import GatehouseStorage
import GatehouseTestSupport
import Testing

/// `OrganizationStore` on a real SQLite file and a real PostgreSQL server.
@Suite("Store conformance: organisations")
struct OrganizationStoreConformanceTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func account(_ store: any Store, _ username: String) async throws -> AccountID {
        try await TestStores.account(in: store, username, verified: true, at: now).id
    }

    func organization(_ slug: String, at offset: TimeInterval = 0) -> Organization {
        Organization(id: OrganizationID(rawValue: UUID().uuidString.lowercased()), slug: slug, name: "The \(slug) team",
                     createdAt: now.addingTimeInterval(offset))
    }

    @Test("organisations: create, find by slug, list by slug; a taken slug is refused", arguments: StoreBackend.allCases)
    func organizations(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let rail = organization("rail", at: 1)
            try await store.organizations.createOrganization(rail)
            try await store.organizations.createOrganization(organization("airline", at: 2))
            #expect(try await store.organizations.organization(slug: "rail") == rail)
            #expect(try await store.organizations.organization(slug: "ship") == nil)
            #expect(try await store.organizations.allOrganizations().map(\.slug) == ["airline", "rail"])
            await #expect(throws: StoreError.alreadyTaken(field: "slug")) {
                try await store.organizations.createOrganization(organization("rail"))
            }
            #expect(try await store.organizations.allOrganizations().count == 2)
        }
    }

    @Test("memberships: join with a role, change it in place, leave; an account's organisations and an organisation's members",
          arguments: StoreBackend.allCases)
    func memberships(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let rail = organization("rail")
            let airline = organization("airline")
            try await store.organizations.createOrganization(rail)
            try await store.organizations.createOrganization(airline)
            let anna = try await account(store, "anna")
            let boris = try await account(store, "boris")

            try await store.organizations.setMembership(anna, in: rail.id, role: .member, at: now)
            try await store.organizations.setMembership(anna, in: airline.id, role: .operator, at: now)
            try await store.organizations.setMembership(boris, in: rail.id, role: .operator, at: now.addingTimeInterval(5))
            #expect(try await store.organizations.membershipRole(anna, in: rail.id) == .member)
            #expect(try await store.organizations.membershipRole(boris, in: airline.id) == nil)
            let annas = try await store.organizations.memberships(of: anna)
            #expect(annas.map(\.organization.slug) == ["airline", "rail"])
            #expect(annas.map(\.role) == [.operator, .member])
            // Every account read carries its organisations (one query: forward auth reads them with the session).
            #expect(try await store.accounts.account(id: anna)?.organizations == ["airline": .operator, "rail": .member])
            #expect(try await store.accounts.account(login: "boris")?.organizations == ["rail": .operator])

            // A second set changes the role of the one row; when they joined stays.
            try await store.organizations.setMembership(anna, in: rail.id, role: .operator, at: now.addingTimeInterval(60))
            let members = try await store.organizations.organizationMembers(rail.id)
            #expect(members.map(\.username) == ["anna", "boris"])
            #expect(members.map(\.role) == [.operator, .operator])
            #expect(members.first?.since == now)
            #expect(members.first?.email == "anna@example.com")

            #expect(try await store.organizations.removeMembership(anna, from: rail.id) == .operator)
            #expect(try await store.organizations.removeMembership(anna, from: rail.id) == nil)
            #expect(try await store.organizations.organizationMembers(rail.id).map(\.username) == ["boris"])
            #expect(try await store.organizations.memberships(of: anna).map(\.organization.slug) == ["airline"])
            #expect(try await store.accounts.account(id: anna)?.organizations == ["airline": .operator])
            #expect(try await store.accounts.account(login: "nobody") == nil)
        }
    }

    @Test("membership changes in a transaction roll back with it", arguments: StoreBackend.allCases)
    func transactional(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let rail = organization("rail")
            let anna = try await account(store, "anna")
            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                try await store.transaction { tx in
                    try await tx.organizations.createOrganization(rail)
                    try await tx.organizations.setMembership(anna, in: rail.id, role: .operator, at: now)
                    #expect(try await tx.organizations.membershipRole(anna, in: rail.id) == .operator)
                    throw Abort()
                }
            }
            #expect(try await store.organizations.organization(slug: "rail") == nil)
            #expect(try await store.organizations.memberships(of: anna).isEmpty)
        }
    }
}
