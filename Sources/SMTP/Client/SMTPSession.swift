import Logging
import NIOSSL

/// One RFC 5321 dialogue on an open connection: greeting, EHLO, STARTTLS, AUTH, one mail
/// transaction, QUIT.
struct SMTPSession {
    let connection: SMTPConnection
    let configuration: SMTPConfiguration
    let tlsContext: NIOSSLContext?
    let logger: Logger

    func deliver(_ message: MailMessage, content: [UInt8]) async throws {
        let greeting = try await connection.readReply()
        try expect(greeting, 220, after: "greeting")
        var capabilities = try await hello()
        var encrypted = configuration.security == .implicitTLS
        if !encrypted, let upgraded = try await startTLSIfWanted(capabilities) {
            capabilities = upgraded
            encrypted = true
        }
        if let credentials = configuration.credentials {
            try await authenticate(credentials, capabilities: capabilities, encrypted: encrypted)
        }
        try await transaction(message, content: content, capabilities: capabilities)
        _ = try? await command("QUIT")
    }

    /// EHLO, falling back to HELO for servers that do not know EHLO.
    private func hello() async throws -> SMTPCapabilities {
        let ehlo = try await command("EHLO \(configuration.heloName)")
        if ehlo.code == 250 {
            return SMTPCapabilities(ehloReply: ehlo)
        }
        guard (500..<600).contains(ehlo.code) else { throw SMTPError.unexpected(ehlo, after: "EHLO") }
        let helo = try await command("HELO \(configuration.heloName)")
        try expect(helo, 250, after: "HELO")
        return SMTPCapabilities()
    }

    /// Returns the capabilities announced over TLS, or nil when staying in plaintext.
    private func startTLSIfWanted(_ capabilities: SMTPCapabilities) async throws -> SMTPCapabilities? {
        switch configuration.security {
        case .none, .implicitTLS:
            return nil
        case .startTLSIfAvailable where !capabilities.supportsStartTLS:
            logger.notice("server does not offer STARTTLS; continuing without TLS")
            return nil
        case .startTLS where !capabilities.supportsStartTLS:
            throw SMTPError.tls("server does not offer STARTTLS, which the configuration requires")
        case .startTLS, .startTLSIfAvailable:
            guard let tlsContext else { throw SMTPError.configuration("no TLS context") }
            let reply = try await command("STARTTLS")
            try expect(reply, 220, after: "STARTTLS")
            try await connection.startTLS(
                context: tlsContext,
                serverHostname: TLSContextFactory.serverHostname(for: configuration.host)
            )
            // RFC 3207: forget everything learnt before TLS and ask again.
            return try await hello()
        }
    }

    /// One mail transaction. Addresses go in their ASCII form; one whose local part is not ASCII
    /// makes it an SMTPUTF8 transaction (RFC 6531), refused before MAIL FROM if the server does not
    /// offer the extension.
    private func transaction(_ message: MailMessage, content: [UInt8], capabilities: SMTPCapabilities) async throws {
        let international = ([message.from] + message.to).contains(where: \.requiresSMTPUTF8)
        if international && !capabilities.supportsSMTPUTF8 {
            throw SMTPError.invalidMessage("an address needs SMTPUTF8 (RFC 6531), which the server does not offer")
        }
        let mailFrom = "MAIL FROM:<\(message.from.wireAddress)>" + (international ? " SMTPUTF8" : "")
        try expect(try await command(mailFrom), 250, after: "MAIL FROM")
        for recipient in message.to {
            let reply = try await command("RCPT TO:<\(recipient.wireAddress)>")
            guard reply.code == 250 || reply.code == 251 else {
                throw SMTPError.unexpected(reply, after: "RCPT TO")
            }
        }
        try expect(try await command("DATA"), 354, after: "DATA")
        logger.trace("SMTP > <message content>", metadata: ["smtp.bytes": "\(content.count)"])
        let accepted = try await connection.send(bytes: content)
        logger.trace("SMTP < \(accepted.code)")
        try expect(accepted, 250, after: "message content")
    }

    /// Sends a command and logs it; `redacted` replaces the command text in the log.
    func command(_ line: String, redacted: String? = nil) async throws -> SMTPReply {
        logger.trace("SMTP > \(redacted ?? line)")
        let reply = try await connection.send(line)
        logger.trace("SMTP < \(reply.code) \(reply.lines.first ?? "")")
        return reply
    }

    func expect(_ reply: SMTPReply, _ code: Int, after step: String) throws {
        guard reply.code == code else { throw SMTPError.unexpected(reply, after: step) }
    }
}
