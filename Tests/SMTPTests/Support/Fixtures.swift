import Foundation
import Logging
import NIOPosix
import SMTP
import Testing

enum Fixtures {
    static func message(
        subject: String = "Sign-in code",
        text: String = "Your code is 123456.\n",
        html: String? = nil,
        to: [MailAddress]? = nil,
        id: String = "\(UUID().uuidString)@gatehouse.test"
    ) throws -> MailMessage {
        try MailMessage(
            messageID: id,
            from: MailAddress("noreply@gatehouse.test", displayName: "Gatehouse"),
            to: to ?? [MailAddress("alice@example.test", displayName: "Alice")],
            subject: subject,
            textBody: text,
            htmlBody: html
        )
    }

    static func client(_ url: String, caFile: String? = nil, timeout: Duration = .seconds(10)) throws -> SMTPClient {
        var logger = Logger(label: "smtp-tests")
        logger.logLevel = ProcessInfo.processInfo.environment["SMTP_TEST_TRACE"] == nil ? .critical : .trace
        return try SMTPClient(configuration: SMTPConfiguration(url: url, caFile: caFile, timeout: timeout), logger: logger)
    }

    /// A loopback port on which nothing listens (bound, read, and released).
    static func unusedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 9
        try await channel.close()
        return port
    }

    /// Runs `body` and returns the `SMTPError` it throws, or nil.
    static func error(_ body: () async throws -> Void) async -> SMTPError? {
        do {
            try await body()
            return nil
        } catch let error as SMTPError {
            return error
        } catch {
            Issue.record("expected an SMTPError, got \(error)")
            return nil
        }
    }
}
