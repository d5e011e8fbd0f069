import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseHTTP

/// Gatehouse's real router and services on a test store: small Argon2 parameters, the test key, a
/// controllable clock. `environment` sets configuration like `GATEHOUSE_*` variables do.
public struct TestApp: Sendable {
    public let dependencies: HTTPDependencies
    public let clock: TestClock
    public let hasher: CountingHasher

    public static func make(_ store: any Store, environment: [String: String] = [:]) async throws -> TestApp {
        let settings = try await SettingsLoader.load(configFile: nil, environment: environment)
        let clock = TestClock()
        let hasher = CountingHasher()
        let dependencies = try await GatehouseServer.makeDependencies(settings: settings, store: store, keys: TestStores.keys, clock: clock, hasher: hasher)
        hasher.reset()
        return TestApp(dependencies: dependencies, clock: clock, hasher: hasher)
    }

    /// A fresh router for one test (routes may be added before it is turned into an application).
    public func routes() -> RouteRegistry {
        GatehouseHTTPServer.makeRouter(dependencies)
    }

    @discardableResult
    public func createAccount(_ username: String, password: String = "correct horse battery", verified: Bool = true, roles: Set<Role> = []) async throws -> Account {
        let account = try await dependencies.administration.create(AccountCreation(
            username: username, email: "\(username)@example.com", password: password, roles: roles, emailVerified: verified))
        hasher.reset()
        return account
    }
}
