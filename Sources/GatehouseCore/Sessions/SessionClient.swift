import Foundation
import MaxMindDB
import UserAgent

/// Where and on what a session was started: shown in the session list and compared for sign-in alerts.
public struct SessionClient: Sendable, Equatable, Codable {
    /// City and country names by language code (`en`, `ru`); empty when unknown.
    public var city: [String: String]
    public var country: [String: String]
    public var countryCode: String?
    /// Browser family and major version, e.g. "Firefox 128".
    public var browser: String?
    /// Operating system family and major version, e.g. "Windows 10".
    public var os: String?
    /// desktop, mobile, tablet, bot or other.
    public var device: String?

    public init(city: [String: String] = [:], country: [String: String] = [:], countryCode: String? = nil,
                browser: String? = nil, os: String? = nil, device: String? = nil) {
        self.city = city
        self.country = country
        self.countryCode = countryCode
        self.browser = browser
        self.os = os
        self.device = device
    }

    /// The name in `language`, falling back to English.
    public func city(in language: Language) -> String? { city[language.rawValue] ?? city["en"] }
    public func country(in language: Language) -> String? { country[language.rawValue] ?? country["en"] }
}

/// Describes a client from its address (MaxMind City database, when configured) and its User-Agent.
public struct SessionClientResolver: Sendable {
    let geoip: MaxMindDB?

    public init(geoip: MaxMindDB?) {
        self.geoip = geoip
    }

    /// Opens the configured database; a missing or corrupt file is a configuration error.
    public static func open(geoipDatabase path: String?) throws -> SessionClientResolver {
        guard let path else { return SessionClientResolver(geoip: nil) }
        do {
            return SessionClientResolver(geoip: try MaxMindDB(path: path))
        } catch {
            throw GatehouseError.validation("geoip_database", "invalid", detail: "\(path): \(error)")
        }
    }

    public func describe(ip: IPAddress?, userAgent: String?) -> SessionClient {
        var client = SessionClient()
        if let geoip, let ip {
            for language in Language.allCases {
                guard let location = geoip.location(bytes: ip.bytes, language: language.rawValue) else { continue }
                client.city[language.rawValue] = location.city
                client.country[language.rawValue] = location.country
                client.countryCode = location.countryCode ?? client.countryCode
            }
        }
        if let userAgent, !userAgent.isEmpty {
            // Only recognised names and short version numbers: a User-Agent is text anyone can choose,
            // and these values reach the session list and alert mails.
            let agent = UserAgentParser.parse(userAgent)
            let family = agent.recognisedBrowserFamily
            client.browser = [family, family == "Other" ? nil : Self.shortVersion(agent.browserMajor)].compactMap { $0 }.joined(separator: " ")
            client.os = [agent.osFamily, Self.shortVersion(agent.osMajor)].compactMap { $0 }.joined(separator: " ")
            client.device = agent.deviceType.rawValue
        }
        return client
    }

    /// A major version of at most six digits; longer runs are not a version anyone ships.
    static func shortVersion(_ major: String?) -> String? {
        guard let major, major.count <= 6 else { return nil }
        return major
    }
}
