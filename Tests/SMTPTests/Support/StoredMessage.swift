import Foundation

/// One message as the sink stored it: envelope, raw bytes, and Python's `email` decoding.
struct StoredMessage: Decodable, Sendable {
    struct Decoded: Decodable, Sendable {
        struct Part: Decodable, Sendable {
            let content_type: String
            let charset: String?
            let transfer_encoding: String?
            let content: String
        }

        let subject: String
        let from: [String]
        let from_display_names: [String]
        let to: [String]
        let to_display_names: [String]
        let message_id: String?
        let date: String?
        let date_parsed: String?
        let mime_version: String?
        let content_type: String
        let header_names: [String]
        let defects: [String]
        let parts: [Part]
    }

    let mail_from: String
    let rcpt_tos: [String]
    let tls: Bool
    let authenticated: Bool
    let raw_b64: String
    let decoded: Decoded?
    let decode_error: String?

    var raw: String {
        String(decoding: Data(base64Encoded: raw_b64) ?? Data(), as: UTF8.self)
    }
}
