import Foundation

/// One message as the sink stored it: envelope, raw bytes, and Python's `email` decoding.
public struct StoredMessage: Decodable, Sendable {
    public struct Decoded: Decodable, Sendable {
        public struct Part: Decodable, Sendable {
            public let content_type: String
            public let charset: String?
            public let transfer_encoding: String?
            public let content: String
        }

        public let subject: String
        public let from: [String]
        public let from_display_names: [String]
        public let to: [String]
        public let to_display_names: [String]
        public let message_id: String?
        public let date: String?
        public let date_parsed: String?
        public let mime_version: String?
        public let content_type: String
        public let header_names: [String]
        public let defects: [String]
        public let parts: [Part]
    }

    public let mail_from: String
    /// Parameters of MAIL FROM (e.g. `SMTPUTF8`).
    public let mail_options: [String]?
    public let rcpt_tos: [String]
    public let tls: Bool
    public let authenticated: Bool
    public let raw_b64: String
    public let decoded: Decoded?
    public let decode_error: String?

    public var raw: String {
        String(decoding: Data(base64Encoded: raw_b64) ?? Data(), as: UTF8.self)
    }
}
