import Foundation
import GatehouseCore
import GatehouseTestSupport
import Testing

/// Organisations and memberships through Core alone: a real SQLite store, a test clock, no HTTP.
@Suite("Organisations without HTTP")
struct OrganizationFlowTests {
    func events(_ store: any Store) async throws -> [String] {
        try await store.auditLog.records(after: 0, limit: 1000).map(\.type.rawValue).filter { $0.hasPrefix("organization.") }
    }

    func expectError(_ code: ErrorCode, field: String? = nil, _ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            try await body()
            Issue.record("no error, expected \(code.rawValue)", sourceLocation: sourceLocation)
        } catch let error as GatehouseError {
            #expect(error.code == code, sourceLocation: sourceLocation)
            if let field { #expect(error.errors.map(\.field) == [field], sourceLocation: sourceLocation) }
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("an organisation needs a slug of a-z, 0-9 and inner hyphens and a name; a taken slug is already_taken; each creation is audited")
    func create() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let flow = try await FlowFixture.make(store)
            let rail = try await flow.organizations.create(slug: " Rail-Ops ", name: "  Rail operations ")
            #expect(rail.slug == "rail-ops")
            #expect(rail.name == "Rail operations")
            #expect(rail.createdAt == flow.clock.now())
            for bad in ["", "a", "-rail", "rail-", "rail ops", "rail,ops", "желдор", String(repeating: "a", count: 41)] {
                await expectError(.validationFailed, field: "slug") { _ = try await flow.organizations.create(slug: bad, name: "Rail") }
            }
            await expectError(.validationFailed, field: "name") { _ = try await flow.organizations.create(slug: "ships", name: " \n ") }
            for hidden in ["Ships\u{7}", "Ships\u{202E}spihs", "Sh\u{200B}ips", "Sh\u{2028}ips", "Ships\u{E000}"] {
                await expectError(.validationFailed, field: "name") { _ = try await flow.organizations.create(slug: "ships", name: hidden) }
            }
            await expectError(.alreadyTaken, field: "slug") { _ = try await flow.organizations.create(slug: "RAIL-OPS", name: "Other") }
            #expect(try await flow.organizations.all().map(\.slug) == ["rail-ops"])
            #expect(try await flow.organizations.organization("Rail-Ops") == rail)
            await expectError(.notFound) { _ = try await flow.organizations.organization("ships") }
            #expect(try await events(store) == ["organization.created"])
        }
    }

    @Test("members are added, changed and removed with an audit event each (none for a change to the same role); unknown accounts and organisations are not_found")
    func members() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let flow = try await FlowFixture.make(store)
            let anna = try await flow.createAccount("anna")
            let boris = try await flow.createAccount("boris")
            let admin = try await flow.createAccount("admin")
            _ = try await flow.organizations.create(slug: "rail", name: "Rail")
            _ = try await flow.organizations.create(slug: "air", name: "Air")

            let added = try await flow.organizations.setMember(anna.id, of: "rail", role: .member, actor: admin.id)
            #expect(added.role == .member && added.username == "anna")
            try await flow.organizations.setMember(anna.id, of: "rail", role: .member, actor: admin.id)
            try await flow.organizations.setMember(anna.id, of: "rail", role: .operator, actor: admin.id)
            try await flow.organizations.setMember(boris.id, of: "rail", role: .member)
            try await flow.organizations.setMember(anna.id, of: "air", role: .member)
            #expect(try await flow.organizations.members(of: "rail").map { "\($0.username):\($0.role.rawValue)" } == ["anna:operator", "boris:member"])
            #expect(try await store.organizations.memberships(of: anna.id).map(\.organization.slug) == ["air", "rail"])

            try await flow.organizations.removeMember(boris.id, of: "rail", actor: admin.id)
            await expectError(.notFound) { try await flow.organizations.removeMember(boris.id, of: "rail") }
            await expectError(.notFound) { _ = try await flow.organizations.setMember(anna.id, of: "ships", role: .member) }
            await expectError(.notFound) {
                _ = try await flow.organizations.setMember(AccountID(rawValue: UUID().uuidString.lowercased()), of: "rail", role: .member)
            }
            #expect(try await flow.organizations.members(of: "rail").map(\.username) == ["anna"])

            #expect(try await events(store) == ["organization.created", "organization.created", "organization.member_added",
                                                "organization.member_changed", "organization.member_added", "organization.member_added",
                                                "organization.member_removed"])
            let changed = try #require(try await store.auditLog.records(after: 0, limit: 1000).first { $0.type == .organizationMemberChanged })
            #expect(changed.actorID == admin.id && changed.subjectID == anna.id)
            let details = try #require(try JSONSerialization.jsonObject(with: Data(changed.details.utf8)) as? [String: String])
            #expect(details == ["organization": "rail", "org_role": "operator", "from": "member"])
        }
    }
}
