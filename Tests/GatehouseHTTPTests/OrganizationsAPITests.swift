import Foundation
import GatehouseApp
import GatehouseCore
@testable import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `/api/v1/admin/organizations…`: organisations and members as an administrator manages them.
@Suite("Organisations API")
struct OrganizationsAPITests {
    func json(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:]
    }

    func list(_ response: TestResponse) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]]) ?? []
    }

    @Test("an administrator creates, lists and reads organisations and adds, changes and removes members; forward auth follows at once; others are refused")
    func organizations() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store)
            let admin = try await app.createAccount("root", roles: [.admin])
            let anna = try await app.createAccount("anna")
            let adminToken = try await GeneratedAPITests.session(app, admin, .authenticated)
            let annaToken = try await GeneratedAPITests.session(app, anna, .authenticated)
            let asAdmin: HTTPFields = [.authorization: "Bearer \(adminToken)", .contentType: "application/json"]
            let asAnna: HTTPFields = [.authorization: "Bearer \(annaToken)", .contentType: "application/json"]
            try await Application(router: try app.routes().router).test(.router) { client in
                func send(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil, as headers: HTTPFields) async throws -> TestResponse {
                    try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
                }
                let created = try await send(.post, "/api/v1/admin/organizations", #"{"slug":"Rail","name":" Rail operations "}"#, as: asAdmin)
                #expect(created.status == .created)
                #expect(json(created)["slug"] as? String == "rail")
                #expect(json(created)["name"] as? String == "Rail operations")
                #expect((json(created)["created_at"] as? String)?.hasSuffix("Z") == true)
                let taken = try await send(.post, "/api/v1/admin/organizations", #"{"slug":"rail","name":"Again"}"#, as: asAdmin)
                #expect(taken.status == .conflict)
                #expect(String(buffer: taken.body).contains(#""code":"already_taken""#) && String(buffer: taken.body).contains(#""field":"slug""#))
                let invalid = try await send(.post, "/api/v1/admin/organizations", #"{"slug":"rail ops","name":"Rail"}"#, as: asAdmin)
                #expect(invalid.status == .badRequest)
                #expect(String(buffer: invalid.body).contains(#""field":"slug""#))
                _ = try await send(.post, "/api/v1/admin/organizations", #"{"slug":"air","name":"Air"}"#, as: asAdmin)
                #expect(list(try await send(.get, "/api/v1/admin/organizations", as: asAdmin)).map { $0["slug"] as? String } == ["air", "rail"])
                #expect(json(try await send(.get, "/api/v1/admin/organizations/rail", as: asAdmin))["name"] as? String == "Rail operations")
                #expect(try await send(.get, "/api/v1/admin/organizations/ships", as: asAdmin).status == .notFound)

                let member = "/api/v1/admin/organizations/rail/members/\(anna.id.rawValue)"
                let added = try await send(.put, member, #"{"org_role":"member"}"#, as: asAdmin)
                #expect(added.status == .ok)
                #expect(json(added)["org_role"] as? String == "member" && json(added)["user_id"] as? String == anna.id.rawValue)
                let check = try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(annaToken)"])
                #expect(check.headers[HTTPField.Name("X-Gatehouse-Organizations")!] == "rail")
                #expect(json(try await send(.put, member, #"{"org_role":"operator"}"#, as: asAdmin))["org_role"] as? String == "operator")
                #expect(try await send(.put, member, #"{"org_role":"owner"}"#, as: asAdmin).status == .badRequest)
                #expect(try await send(.put, "/api/v1/admin/organizations/rail/members/not-a-uuid", #"{"org_role":"member"}"#, as: asAdmin).status == .notFound)
                let members = list(try await send(.get, "/api/v1/admin/organizations/rail/members", as: asAdmin))
                #expect(members.map { "\($0["username"] as? String ?? ""):\($0["org_role"] as? String ?? "")" } == ["anna:operator"])

                // Members, operators included, are not administrators: every route here is refused to them.
                #expect(try await send(.get, "/api/v1/admin/organizations", as: asAnna).status == .forbidden)
                #expect(try await send(.post, "/api/v1/admin/organizations", #"{"slug":"mine","name":"Mine"}"#, as: asAnna).status == .forbidden)
                #expect(try await send(.delete, member, as: asAnna).status == .forbidden)
                #expect(try await send(.get, "/api/v1/admin/organizations", as: [:]).status == .unauthorized)

                #expect(try await send(.delete, member, as: asAdmin).status == .noContent)
                #expect(try await send(.delete, member, as: asAdmin).status == .notFound)
                let after = try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(annaToken)"])
                #expect(after.headers[HTTPField.Name("X-Gatehouse-Organizations")!] == "")
            }
            let events = try await store.auditLog.records(after: 0, limit: 1000).filter { $0.type.rawValue.hasPrefix("organization.") }
            #expect(events.map(\.type.rawValue) == ["organization.created", "organization.created", "organization.member_added",
                                                    "organization.member_changed", "organization.member_removed"])
            #expect(events.allSatisfy { $0.actorID == admin.id })
        }
    }
}
