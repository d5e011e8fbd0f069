import Configuration
import Foundation
import GatehouseCore
import SystemPackage

/// Invalid configuration: every problem found, one line each, so an operator fixes them in one go.
public struct SettingsError: Error, CustomStringConvertible, Sendable {
    public let problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}

/// Reads the layered configuration with swift-configuration: CLI flags > `GATEHOUSE_*` environment
/// variables > the config file (JSON or YAML, nested keys) > built-in defaults. Every value is checked
/// against its key before `Settings` is built.
public enum SettingsLoader {
    public static func load(
        configFile: String?, flags: [String: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> Settings {
        var providers: [any ConfigProvider] = []
        providers.append(InMemoryProvider(name: "flags", values: inMemoryValues(flags)))
        providers.append(EnvironmentVariablesProvider(environmentVariables: environment).prefixKeys(with: "gatehouse"))
        if let configFile {
            providers.append(try await fileProvider(path: configFile))
        }
        var defaults: [String: String] = [:]
        for key in SettingKeys.all { defaults[key.name] = key.defaultValue }
        providers.append(InMemoryProvider(name: "defaults", values: inMemoryValues(defaults)))
        let reader = ConfigReader(providers: providers)

        var raw: [String: String] = [:]
        var problems: [String] = []
        for key in SettingKeys.all {
            guard let value = text(reader, key) else { continue }
            if let problem = key.problem(with: value) {
                problems.append("\(key.name) (\(key.environmentName)): \(problem)")
            } else {
                raw[key.name] = value
            }
        }
        var settings = Settings(raw: raw)
        do {
            settings.access = try AccessSettings.load(configFile: configFile, environment: environment)
        } catch let error as SettingsError {
            problems += error.problems
        }
        problems += crossChecks(settings)
        guard problems.isEmpty else { throw SettingsError(problems: problems) }
        return settings
    }

    /// Rules that involve more than one key.
    static func crossChecks(_ settings: Settings) -> [String] {
        var problems: [String] = []
        if settings.passwordPolicy.minLength > settings.passwordPolicy.maxLength {
            problems.append("password.min_length must not exceed password.max_length")
        }
        if settings.duration("database.timeout") <= .zero || settings.duration("database.timeout") > .seconds(600) {
            problems.append("database.timeout (GATEHOUSE_DATABASE_TIMEOUT): must be more than 0s and at most 10m")
        }
        if settings.duration("auth_check.cache_ttl") > .seconds(2) {
            problems.append("auth_check.cache_ttl (GATEHOUSE_AUTH_CHECK_CACHE_TTL): must be at most 2s, so revocations reach other instances quickly")
        }
        if settings.duration("session.idle_timeout") > settings.duration("session.absolute_lifetime") {
            problems.append("session.idle_timeout must not exceed session.absolute_lifetime")
        }
        do {
            _ = try settings.databaseLocation()
        } catch {
            problems.append("database_url (GATEHOUSE_DATABASE_URL): \(error.detail ?? "invalid")")
        }
        if let path = settings.raw["geoip_database"] {
            if case .failure(let error) = Result(catching: { try SessionClientResolver.open(geoipDatabase: path) }) {
                problems.append("geoip_database (GATEHOUSE_GEOIP_DATABASE): \((error as? GatehouseError)?.detail ?? "\(error)")")
            }
        }
        if let key = settings.secretKey, SecretKey.decode(key) == nil {
            problems.append("secret_key (GATEHOUSE_SECRET_KEY): must be the base64 encoding of exactly 32 bytes")
        }
        for (index, fallback) in settings.secretKeyFallbacks.enumerated() where SecretKey.decode(fallback) == nil {
            problems.append("secret_key_fallbacks (GATEHOUSE_SECRET_KEY_FALLBACKS): key \(index + 1) must be the base64 encoding of exactly 32 bytes")
        }
        return problems
    }

    /// A value as text, whatever type the file gave it (`port: 8080` and `port: "8080"` alike).
    static func text(_ reader: ConfigReader, _ key: SettingKey) -> String? {
        let configKey = ConfigKey(key.name)
        if let value = reader.string(forKey: configKey, isSecret: key.isSecret) { return value }
        if let value = reader.int(forKey: configKey) { return String(value) }
        if let value = reader.bool(forKey: configKey) { return String(value) }
        if let value = reader.double(forKey: configKey) { return String(value) }
        if let values = reader.stringArray(forKey: configKey) { return values.joined(separator: ",") }
        return nil
    }

    static func inMemoryValues(_ values: [String: String]) -> [AbsoluteConfigKey: ConfigValue] {
        var result: [AbsoluteConfigKey: ConfigValue] = [:]
        for (name, value) in values {
            let isSecret = SettingKeys.key(named: name)?.isSecret ?? false
            result[AbsoluteConfigKey(ConfigKey(name))] = ConfigValue(.string(value), isSecret: isSecret)
        }
        return result
    }

    static func fileProvider(path: String) async throws -> any ConfigProvider {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SettingsError(problems: ["config file \(path) does not exist"])
        }
        do {
            if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
                return try await FileProvider<YAMLSnapshot>(filePath: FilePath(path))
            }
            return try await FileProvider<JSONSnapshot>(filePath: FilePath(path))
        } catch {
            throw SettingsError(problems: ["config file \(path) cannot be read: \(error)"])
        }
    }

    /// Parses `--key value` and `--key=value` flags into configuration keys. Dots and dashes are
    /// interchangeable with underscores (`--session.idle_timeout`, `--session-idle-timeout`).
    public static func parseFlags(_ arguments: [String]) throws -> [String: String] {
        var result: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw SettingsError(problems: ["unexpected argument \(argument)"])
            }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let key = flagKey(name) else {
                throw SettingsError(problems: ["unknown option --\(name); `gatehouse config check` lists every key"])
            }
            if value == nil {
                index += 1
                guard index < arguments.count else { throw SettingsError(problems: ["--\(name) needs a value"]) }
                value = arguments[index]
            }
            result[key.name] = value
            index += 1
        }
        return result
    }

    static func flagKey(_ name: String) -> SettingKey? {
        let wanted = name.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")
        return SettingKeys.all.first { $0.name.replacingOccurrences(of: ".", with: "_") == wanted }
    }
}
