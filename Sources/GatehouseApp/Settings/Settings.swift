import Argon2
import Foundation
import GatehouseCore
import GatehouseHTTP
import GatehouseStorage
import Logging

/// The effective configuration, typed. Built from the layered raw values by `SettingsLoader`; every
/// value has passed its key's check, so reading it here cannot fail.
public struct Settings: Sendable {
    public let raw: [String: String]
    /// Permissions, roles and permission groups: the built-in ones plus `permissions`, `roles.*` and
    /// `permission_groups.*` of the configuration.
    public var access: AccessModel = .builtIn

    public var host: String { raw["host"] ?? "127.0.0.1" }
    public var port: Int { int("port") }
    /// `public_url`, or the address the server listens on: `serve --port 9000` with no `public_url`
    /// builds links to port 9000, not 8080 (a wildcard host becomes 127.0.0.1).
    public var publicURL: String {
        if let configured = raw["public_url"], !configured.isEmpty { return configured }
        let listening = ["0.0.0.0", "::", "[::]", ""].contains(host) ? "127.0.0.1" : host
        let shown = listening.contains(":") && !listening.hasPrefix("[") ? "[\(listening)]" : listening
        return "http://\(shown):\(port)"
    }
    public var dataDirectory: String { raw["data_dir"] ?? "./gatehouse-data" }
    public var databaseURL: String { raw["database_url"] ?? "sqlite:\(dataDirectory)/gatehouse.sqlite" }
    public var secretKey: String? { raw["secret_key"] }
    /// `secret_key_fallbacks`, split at commas (empty parts dropped).
    public var secretKeyFallbacks: [String] {
        (raw["secret_key_fallbacks"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
    public var logLevel: Logger.Level { Logger.Level(rawValue: raw["log_level"] ?? "info") ?? .info }
    public var logFormat: String { raw["log_format"] ?? "text" }
    public var productName: String { raw["product_name"] ?? "Gatehouse" }
    public var supportEmail: String? { raw["support_email"] }
    /// `impersonation.max_duration` (and `reauth_window`, set by the HTTP layer from two-factor's).
    public var administratorAccessConfiguration: AdministratorAccessConfiguration {
        AdministratorAccessConfiguration(maxDuration: duration("impersonation.max_duration"), reauthWindow: duration("reauth_window"))
    }

    /// `audit.retention`: how long audit events are kept; nil keeps every event.
    public var auditRetention: Duration? { raw["audit.retention"].flatMap(SettingValues.duration) }
    public var httpMaxBody: Int { raw["http.max_body"].flatMap(SettingValues.byteSize) ?? 65_536 }

    /// `http.header_timeout`, `http.body_timeout`, `http.idle_timeout` and `http.max_connections`,
    /// the last lowered to what the open-file limit allows (with room for the database and mail).
    public var connectionLimits: ConnectionLimits {
        let proxies = (try? ClientAddressResolver.parse(raw["trusted_proxies"] ?? "").get())?.trustedProxies ?? []
        var limits = ConnectionLimits(headerTimeout: duration("http.header_timeout"), bodyTimeout: duration("http.body_timeout"),
                                      idleTimeout: duration("http.idle_timeout"), maxConnections: max(16, int("http.max_connections")),
                                      maxConnectionsPerClient: max(1, int("http.max_connections_per_client")), trustedProxies: proxies)
        if let files = OpenFileLimit.current(), files > 256 { limits.maxConnections = min(limits.maxConnections, files - 128) }
        return limits
    }
    public var lockoutThreshold: Int { int("lockout.threshold") }

    public var passwordPolicy: PasswordPolicy {
        PasswordPolicy(minLength: int("password.min_length"), maxLength: int("password.max_length"))
    }

    public var argon2Parameters: Argon2Parameters {
        Argon2Parameters(memoryKiB: UInt32(int("argon2.memory_kib")), iterations: UInt32(int("argon2.iterations")), parallelism: UInt32(int("argon2.parallelism")))
    }

    public var argon2MaxConcurrent: Int {
        raw["argon2.max_concurrent"].flatMap { Int($0) } ?? ProcessInfo.processInfo.activeProcessorCount * 2
    }

    /// `argon2.max_waiting`: password checks that may wait for a slot; more answer 503 at once.
    public var argon2MaxWaiting: Int { int("argon2.max_waiting") }

    public var sessionPolicy: SessionPolicy {
        SessionPolicy(idleTimeout: duration("session.idle_timeout"), absoluteLifetime: duration("session.absolute_lifetime"))
    }

    /// Sign-in as configured: consent to the configured agreement version, and enrolment under policy `required`.
    public var signInConfiguration: SignInConfiguration {
        var configuration = SignInConfiguration(
            lockoutThreshold: lockoutThreshold, sessions: sessionPolicy,
            loginPerIP: rate("rate_limit.login_per_ip"), loginPerAccount: rate("rate_limit.login_per_account"),
            twoFactorRequired: twoFactorRequired, consentVersion: consentVersion,
            twoFactorReissueDelay: duration("password_reset.two_factor_reissue_delay"))
        configuration.lockoutWindow = duration("lockout.window")
        configuration.loginPerNetwork = rate("rate_limit.login_per_network")
        configuration.loginGlobal = rate("rate_limit.login_global")
        configuration.secondFactorPerAccount = rate("rate_limit.second_factor_per_account")
        configuration.secondFactorPerIP = rate("rate_limit.second_factor_per_ip")
        configuration.tokenFailuresPerIP = rate("rate_limit.token_failures_per_ip")
        return configuration
    }

    public var twoFactorRequired: Bool { (raw["two_factor"] ?? "required") != "optional" }
    public var consentVersion: String { raw["consent.version"] ?? "1" }

    public var twoFactorConfiguration: TwoFactorConfiguration {
        TwoFactorConfiguration(
            issuer: raw["totp.issuer"] ?? productName, required: twoFactorRequired, reauthWindow: duration("reauth_window"))
    }

    /// The agreement of `consent.*`: the configured files, else `builtIn`. With only the English file
    /// configured, Russian pages show it too (never a different agreement than the one configured).
    public func agreement(builtIn: (Language) -> String) throws -> Agreement {
        func read(_ key: String) throws -> String? {
            guard let path = raw[key], !path.isEmpty else { return nil }
            do {
                return try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw SettingsError(problems: ["\(key): cannot read \(path) as UTF-8 text"])
            }
        }
        let english = try read("consent.file_en")
        let russian = try read("consent.file_ru")
        if english == nil && russian == nil {
            return Agreement(version: consentVersion, texts: [.en: builtIn(.en), .ru: builtIn(.ru)])
        }
        return Agreement(version: consentVersion, texts: [.en: english ?? russian ?? "", .ru: russian ?? english ?? ""])
    }

    /// `tokens.max_lifetime`, `tokens.max_per_user` (and `reauth_window`).
    public var apiTokenConfiguration: APITokenConfiguration {
        APITokenConfiguration(maxLifetime: duration("tokens.max_lifetime"), maxPerUser: int("tokens.max_per_user"), reauthWindow: duration("reauth_window"))
    }

    public var linkLifetimes: LinkLifetimes {
        LinkLifetimes(verification: duration("tokens.verification_ttl"), reset: duration("tokens.reset_ttl"), unlock: duration("tokens.unlock_ttl"))
    }

    public var selfServiceConfiguration: SelfServiceConfiguration {
        SelfServiceConfiguration(
            resetPerIP: rate("rate_limit.reset_per_ip"), resetPerAddress: rate("rate_limit.reset_per_address"),
            allowTwoFactorReissue: SettingValues.bool(raw["password_reset.allow_two_factor_reissue"] ?? "true") ?? true,
            resetPerAddressCeiling: rate("rate_limit.reset_per_address_ceiling"))
    }

    /// `registration`, `tokens.invitation_ttl` and `rate_limit.register_per_ip`.
    public var onboardingConfiguration: OnboardingConfiguration {
        OnboardingConfiguration(invitationLifetime: duration("tokens.invitation_ttl"),
                                registration: RegistrationMode(rawValue: raw["registration"] ?? "") ?? .inviteOnly,
                                registerPerIP: rate("rate_limit.register_per_ip"), invitationsPerInviter: rate("rate_limit.invitations_per_inviter"))
    }

    /// `rate_limit.access_request_per_ip` and `rate_limit.access_request_per_address`.
    public var accessRequestConfiguration: AccessRequestConfiguration {
        AccessRequestConfiguration(perIP: rate("rate_limit.access_request_per_ip"), perAddress: rate("rate_limit.access_request_per_address"),
                                   perNetwork: rate("rate_limit.access_request_per_network"), global: rate("rate_limit.access_request_global"),
                                   closed: raw["registration"] == RegistrationMode.closed.rawValue)
    }

    /// `mail_from`, or `no-reply@` the host of `public_url`.
    public var mailFrom: String {
        if let configured = raw["mail_from"], !configured.isEmpty { return configured }
        let host = URLComponents(string: publicURL)?.host ?? "localhost"
        return "no-reply@\(host.contains(".") ? host : host + ".invalid")"
    }

    /// Where mail goes: `smtp_url`, or `.eml` files in `<data_dir>/outbox/`.
    public var outboxDirectory: String { (dataDirectory as NSString).appendingPathComponent("outbox") }

    public func databaseLocation() throws(GatehouseError) -> DatabaseLocation {
        try DatabaseLocation.parse(databaseURL)
    }

    public func duration(_ key: String) -> Duration {
        raw[key].flatMap(SettingValues.duration) ?? .seconds(0)
    }

    public func rate(_ key: String) -> RateLimit? {
        raw[key].flatMap(SettingValues.rate)
    }

    private func int(_ key: String) -> Int {
        raw[key].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
    }

    /// The value `config check` prints: secrets redacted, derived defaults spelled out.
    public func displayValue(for key: SettingKey) -> String {
        let value: String? = switch key.name {
        case "database_url": databaseURL
        case "public_url": publicURL
        case "argon2.max_concurrent": String(argon2MaxConcurrent)
        case "totp.issuer": raw["totp.issuer"] ?? productName
        case "secret_key": raw["secret_key"] == nil ? "(from \(dataDirectory)/secret.key)" : nil
        case "smtp_url": raw["smtp_url"] ?? "(file transport: \(dataDirectory)/outbox/)"
        default: raw[key.name]
        }
        guard let value else { return key.isSecret ? "(set, redacted)" : "(unset)" }
        if key.isSecret, raw[key.name] != nil { return Self.redact(value) }
        return value
    }

    /// Hides the secret parts of a value: the password of a URL, or all of anything else.
    static func redact(_ value: String) -> String {
        if let components = URLComponents(string: value), components.scheme != nil, components.host != nil {
            var redacted = components
            if redacted.password != nil { redacted.password = "REDACTED" }
            return redacted.string ?? "(set, redacted)"
        }
        if value.hasPrefix("sqlite:") { return value }
        return "(set, redacted)"
    }
}
