import Foundation

extension SMTPSession {
    /// AUTH PLAIN when offered, else AUTH LOGIN. Credentials are only ever sent over TLS unless
    /// the configuration explicitly allows plaintext (loopback testing).
    func authenticate(_ credentials: SMTPCredentials, capabilities: SMTPCapabilities, encrypted: Bool) async throws {
        guard encrypted || configuration.allowsInsecureAuthentication else {
            throw SMTPError.configuration("refusing to send credentials over an unencrypted connection")
        }
        let mechanisms = capabilities.authMechanisms
        if mechanisms.contains("PLAIN") {
            let token = base64("\0\(credentials.username)\0\(credentials.password)")
            let reply = try await command("AUTH PLAIN \(token)", redacted: "AUTH PLAIN <credentials>")
            try expect(reply, 235, after: "AUTH PLAIN")
        } else if mechanisms.contains("LOGIN") {
            try expect(try await command("AUTH LOGIN"), 334, after: "AUTH LOGIN")
            let user = try await command(base64(credentials.username), redacted: "<username>")
            try expect(user, 334, after: "AUTH LOGIN username")
            let password = try await command(base64(credentials.password), redacted: "<password>")
            try expect(password, 235, after: "AUTH LOGIN password")
        } else {
            let offered = mechanisms.isEmpty ? "none" : mechanisms.sorted().joined(separator: " ")
            throw SMTPError.configuration("server offers no supported AUTH mechanism (offered: \(offered))")
        }
    }

    private func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }
}
