import Foundation
import SMTP

/// Where composed mail goes: an SMTP server, or `.eml` files for development.
public protocol MailTransport: Sendable {
    /// Delivers one message. Throw `SMTPError` (or any error, treated as transient) on failure.
    func deliver(_ message: MailMessage) async throws
    var description: String { get }
}

/// SMTP over NIO (plain, STARTTLS, implicit TLS), one connection per message.
public struct SMTPMailTransport: MailTransport {
    public let client: SMTPClient

    public init(client: SMTPClient) {
        self.client = client
    }

    public func deliver(_ message: MailMessage) async throws {
        try await client.send(message)
    }

    public var description: String { "smtp \(client.configuration.host):\(client.configuration.port)" }
}

/// Writes each message as `<directory>/<message-id>.eml` (0600), atomically: a temporary file renamed
/// into place, so a reader never sees half a message and a retry after a crash overwrites the same file.
public struct FileMailTransport: MailTransport {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public func deliver(_ message: MailMessage) async throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let name = String(message.messageID.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "@" ? $0 : "_" })
        let target = (directory as NSString).appendingPathComponent(name + ".eml")
        let temporary = (directory as NSString).appendingPathComponent(".\(name).\(UUID().uuidString).tmp")
        guard manager.createFile(atPath: temporary, contents: Data(message.rfc5322Text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        do {
            if manager.fileExists(atPath: target) { try manager.removeItem(atPath: target) }
            try manager.moveItem(atPath: temporary, toPath: target)
        } catch {
            try? manager.removeItem(atPath: temporary)
            throw error
        }
    }

    public var description: String { "file \(directory)" }
}
