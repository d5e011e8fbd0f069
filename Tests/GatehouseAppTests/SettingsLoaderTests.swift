import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseTestSupport
import Testing

@Suite("Configuration")
struct SettingsLoaderTests {
    @Test("with nothing configured every key has CONTRACT.md's default")
    func defaults() async throws {
        let settings = try await SettingsLoader.load(configFile: nil, environment: [:])
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 8080)
        #expect(settings.publicURL == "http://127.0.0.1:8080")
        #expect(settings.dataDirectory == "./gatehouse-data")
        #expect(settings.databaseURL == "sqlite:./gatehouse-data/gatehouse.sqlite")
        #expect(settings.lockoutThreshold == 3)
        #expect(settings.duration("session.idle_timeout") == .seconds(3600))
        #expect(settings.duration("session.absolute_lifetime") == .seconds(86_400))
        #expect(settings.rate("rate_limit.login_per_ip")?.description == "10/60")
        #expect(settings.rate("rate_limit.reset_per_address")?.description == "3/3600")
        #expect(settings.httpMaxBody == 65_536)
        #expect(settings.argon2Parameters.memoryKiB == 19_456)
        #expect(settings.argon2Parameters.iterations == 2)
        #expect(settings.argon2MaxConcurrent == ProcessInfo.processInfo.activeProcessorCount * 2)
        #expect(settings.raw["two_factor"] == "required")
        #expect(settings.raw["registration"] == "invite_only")
    }

    @Test("without public_url, links follow the port (and host) the server listens on")
    func publicURLFollowsPort() async throws {
        #expect(try await SettingsLoader.load(configFile: nil, environment: ["GATEHOUSE_PORT": "9090"]).publicURL == "http://127.0.0.1:9090")
        let flags = try SettingsLoader.parseFlags(["--port", "9191", "--host", "0.0.0.0"])
        #expect(try await SettingsLoader.load(configFile: nil, flags: flags, environment: [:]).publicURL == "http://127.0.0.1:9191")
        #expect(try await SettingsLoader.load(configFile: nil, environment: ["GATEHOUSE_HOST": "::1", "GATEHOUSE_PORT": "9292"]).publicURL == "http://[::1]:9292")
        let explicit = try await SettingsLoader.load(configFile: nil, environment: ["GATEHOUSE_PORT": "9090", "GATEHOUSE_PUBLIC_URL": "https://id.example.com"])
        #expect(explicit.publicURL == "https://id.example.com")
    }

    @Test("defaults < JSON file < environment < flags")
    func layering() async throws {
        try await TestStores.withTemporaryDirectory { dir in
            let file = dir + "/gatehouse.json"
            try #"{"port": 9001, "lockout": {"threshold": 7}, "session": {"idle_timeout": "30m"}, "product_name": "Acme ID"}"#
                .write(toFile: file, atomically: true, encoding: .utf8)
            let fromFile = try await SettingsLoader.load(configFile: file, environment: [:])
            #expect(fromFile.port == 9001)
            #expect(fromFile.lockoutThreshold == 7)
            #expect(fromFile.duration("session.idle_timeout") == .seconds(1800))
            #expect(fromFile.productName == "Acme ID")

            let environment = ["GATEHOUSE_PORT": "9002", "GATEHOUSE_SESSION_IDLE_TIMEOUT": "45m", "PORT": "1"]
            let fromEnvironment = try await SettingsLoader.load(configFile: file, environment: environment)
            #expect(fromEnvironment.port == 9002)
            #expect(fromEnvironment.duration("session.idle_timeout") == .seconds(2700))
            #expect(fromEnvironment.lockoutThreshold == 7)

            let flags = try SettingsLoader.parseFlags(["--port", "9003", "--session-idle-timeout=20m"])
            let fromFlags = try await SettingsLoader.load(configFile: file, flags: flags, environment: environment)
            #expect(fromFlags.port == 9003)
            #expect(fromFlags.duration("session.idle_timeout") == .seconds(1200))
            #expect(fromFlags.productName == "Acme ID")
        }
    }

    @Test("a YAML file with nested keys works like JSON")
    func yaml() async throws {
        try await TestStores.withTemporaryDirectory { dir in
            let file = dir + "/gatehouse.yaml"
            try """
                port: 9100
                rate_limit:
                  login_per_ip: 20/60
                password:
                  min_length: 12
                """.write(toFile: file, atomically: true, encoding: .utf8)
            let settings = try await SettingsLoader.load(configFile: file, environment: [:])
            #expect(settings.port == 9100)
            #expect(settings.rate("rate_limit.login_per_ip")?.description == "20/60")
            #expect(settings.passwordPolicy.minLength == 12)
        }
    }

    @Test("permissions, roles and permission groups come from the file (YAML or JSON) and the environment; unknown permissions are refused")
    func accessModel() async throws {
        try await TestStores.withTemporaryDirectory { dir in
            let file = dir + "/gatehouse.yaml"
            try """
                permissions: [reports:read, reports:export]
                roles:
                  analyst: [reports:read, reports:export]
                  member: reports:read
                permission_groups:
                  reporting: [reports:read, account:read]
                tokens:
                  max_per_user: 5
                """.write(toFile: file, atomically: true, encoding: .utf8)
            let settings = try await SettingsLoader.load(configFile: file, environment: ["GATEHOUSE_ROLES_AUDITOR": "admin:audit, reports:read"])
            let reportsRead = try #require(Permission("reports:read"))
            #expect(settings.access.permissions.contains(reportsRead) && settings.access.permissions.contains(.adminAudit))
            #expect(settings.access.roles["analyst"]?.count == 2)
            #expect(settings.access.roles["member"] == [.orgRead, reportsRead], "adds to the built-in org role")
            #expect(settings.access.roles["auditor"] == [.adminAudit, reportsRead])
            #expect(settings.access.groups["reporting"] == [.accountRead, reportsRead])
            #expect(settings.access.groups["read_only"]?.contains(reportsRead) == true)
            #expect(settings.apiTokenConfiguration.maxPerUser == 5)

            let json = dir + "/gatehouse.json"
            try #"{"roles": {"editor": ["docs:write"]}, "permission_groups": {"bad": ["nope:read"], "read_only": ["account:read"]}}"#
                .write(toFile: json, atomically: true, encoding: .utf8)
            do {
                _ = try await SettingsLoader.load(configFile: json, environment: ["GATEHOUSE_PERMISSION_GROUPS_OTHER": "made:up"])
                Issue.record("unknown permissions were accepted")
            } catch let error as SettingsError {
                let text = error.description
                #expect(text.contains("roles.editor: unknown permission \"docs:write\""))
                #expect(text.contains("permission_groups.bad: unknown permission \"nope:read\""))
                #expect(text.contains("permission_groups.other: unknown permission \"made:up\""))
                #expect(text.contains("permission_groups.read_only: read_only is built in"))
            }
        }
    }

    @Test("every invalid value is reported with its key and environment name")
    func invalidValues() async throws {
        do {
            _ = try await SettingsLoader.load(configFile: nil, environment: [
                "GATEHOUSE_PORT": "eighty", "GATEHOUSE_LOCKOUT_THRESHOLD": "0", "GATEHOUSE_SESSION_IDLE_TIMEOUT": "soon",
                "GATEHOUSE_RATE_LIMIT_LOGIN_PER_IP": "10", "GATEHOUSE_TWO_FACTOR": "sometimes",
                "GATEHOUSE_DATABASE_URL": "mysql://x", "GATEHOUSE_SECRET_KEY": "c2hvcnQ=",
                "GATEHOUSE_AUTH_CHECK_CACHE_TTL": "10s", "GATEHOUSE_GEOIP_DATABASE": "/nonexistent/City.mmdb",
            ])
            Issue.record("invalid configuration accepted")
        } catch let error as SettingsError {
            let text = error.description
            for needle in ["port (GATEHOUSE_PORT)", "lockout.threshold", "session.idle_timeout", "rate_limit.login_per_ip",
                           "two_factor", "database_url", "secret_key", "auth_check.cache_ttl", "geoip_database"] {
                #expect(text.contains(needle), "\(needle) missing from: \(text)")
            }
            #expect(!text.contains("c2hvcnQ="), "a secret value must not be echoed")
        }
    }

    @Test("unknown flags and flags without a value are refused")
    func badFlags() throws {
        #expect(throws: SettingsError.self) { try SettingsLoader.parseFlags(["--prot", "1"]) }
        #expect(throws: SettingsError.self) { try SettingsLoader.parseFlags(["--port"]) }
        #expect(throws: SettingsError.self) { try SettingsLoader.parseFlags(["port", "1"]) }
        #expect(try SettingsLoader.parseFlags(["--session.absolute_lifetime", "2h"]) == ["session.absolute_lifetime": "2h"])
    }

    @Test("a missing or malformed config file is an error")
    func badFile() async throws {
        await #expect(throws: SettingsError.self) { _ = try await SettingsLoader.load(configFile: "/nonexistent/gatehouse.json", environment: [:]) }
        try await TestStores.withTemporaryDirectory { dir in
            try "{ not json".write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
            await #expect(throws: SettingsError.self) { _ = try await SettingsLoader.load(configFile: dir + "/bad.json", environment: [:]) }
        }
    }

    @Test("secrets are redacted when displayed")
    func redaction() async throws {
        let settings = try await SettingsLoader.load(configFile: nil, environment: [
            "GATEHOUSE_DATABASE_URL": "postgres://gh:hunter2-secret@db:5432/gatehouse",
            "GATEHOUSE_SECRET_KEY": Data(repeating: 7, count: 32).base64EncodedString(),
            "GATEHOUSE_SMTP_URL": "smtp://mailer:mail-pass@smtp.example.com:587",
        ])
        let shown = SettingKeys.all.map { settings.displayValue(for: $0) }.joined(separator: "\n")
        #expect(!shown.contains("hunter2-secret"))
        #expect(!shown.contains("mail-pass"))
        #expect(!shown.contains(Data(repeating: 7, count: 32).base64EncodedString()))
        #expect(shown.contains("postgres://gh:REDACTED@db:5432/gatehouse"))
    }

    @Test("docs/configuration.md documents every key with its environment variable")
    func documented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        for key in SettingKeys.all {
            #expect(doc.contains("`\(key.name)`"), "\(key.name) is not documented")
            #expect(doc.contains("`\(key.environmentName)`"), "\(key.environmentName) is not documented")
        }
    }
}
