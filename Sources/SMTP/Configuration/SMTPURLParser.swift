import Foundation

/// Parses `smtp://` and `smtps://` URLs into configuration parts.
enum SMTPURLParser {
    struct Parts {
        var host: String
        var port: Int
        var security: SMTPConfiguration.Security
        var credentials: SMTPCredentials?
        var heloName: String?
        var allowsInsecureAuthentication = false
    }

    static func parse(_ url: String) throws(SMTPError) -> Parts {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw .configuration("not a URL")
        }
        var security: SMTPConfiguration.Security
        let defaultPort: Int
        switch scheme {
        case "smtp": (security, defaultPort) = (.startTLS, 587)
        case "smtps": (security, defaultPort) = (.implicitTLS, 465)
        default: throw .configuration("unsupported scheme \(scheme) (use smtp or smtps)")
        }
        guard var host = components.host, !host.isEmpty else { throw .configuration("URL has no host") }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let port = components.port ?? defaultPort
        guard (1...65535).contains(port) else { throw .configuration("port out of range") }
        guard components.path.isEmpty || components.path == "/" else { throw .configuration("URL must not have a path") }

        var parts = Parts(host: host, port: port, security: security, credentials: try credentials(components))
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch (item.name, value.lowercased()) {
            case ("starttls", "required") where scheme == "smtp": security = .startTLS
            case ("starttls", "optional") where scheme == "smtp": security = .startTLSIfAvailable
            case ("tls", "none") where scheme == "smtp": security = .none
            case ("heloName", _):
                try validateHeloName(value)
                parts.heloName = value
            case ("allowInsecureAuth", "true"): parts.allowsInsecureAuthentication = true
            case ("allowInsecureAuth", "false"): parts.allowsInsecureAuthentication = false
            default: throw .configuration("unsupported query parameter \(item.name)=\(value) for \(scheme)")
            }
        }
        parts.security = security
        return parts
    }

    private static func credentials(_ components: URLComponents) throws(SMTPError) -> SMTPCredentials? {
        guard let rawUser = components.percentEncodedUser, !rawUser.isEmpty else {
            if components.percentEncodedPassword != nil { throw .configuration("password without user") }
            return nil
        }
        guard let user = rawUser.removingPercentEncoding,
            let password = (components.percentEncodedPassword ?? "").removingPercentEncoding
        else {
            throw .configuration("credentials are not valid percent-encoding")
        }
        return SMTPCredentials(username: user, password: password)
    }

    static func validateHeloName(_ name: String) throws(SMTPError) {
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || scalar == "." || scalar == "-" || scalar == "[" || scalar == "]"
                || scalar == ":"
        }
        guard allowed, !name.isEmpty, name.utf8.count <= 253 else {
            throw .configuration("heloName must be a domain name or address literal")
        }
    }
}
