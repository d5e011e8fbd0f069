import Crypto
import Foundation

/// A signed statement that the audit chain reached `sequence` with `hash` at `createdAt`. Kept outside
/// the database (`gatehouse audit anchor`), it reveals rows cut off the end of the log, which the HMAC
/// chain alone cannot see; kept inside it (as the chain's base after pruning), it is where verification
/// starts. The signature is Ed25519 under a key derived from the server's secret key, so nobody who can
/// only write to the database can make one.
public struct AuditCheckpoint: Sendable, Equatable {
    public var sequence: Int64
    public var hash: String
    public var createdAt: Date
    /// Base64url Ed25519 signature of `signedText`.
    public var signature: String

    public init(sequence: Int64, hash: String, createdAt: Date, signature: String) {
        self.sequence = sequence
        self.hash = hash
        self.createdAt = createdAt
        self.signature = signature
    }

    public var head: AuditChainHead { AuditChainHead(sequence: sequence, hash: hash) }

    /// What a checkpoint is for: kept outside (`anchor`) or standing in for pruned rows (`base`). Each is
    /// signed under its own label, so an anchor (which many people may read) can never serve as a base.
    public enum Use: String, Sendable {
        case anchor = "gatehouse audit checkpoint v1"
        case base = "gatehouse audit base v1"
    }

    func signedText(_ use: Use) -> String {
        AuditCanonical.join([use.rawValue, String(sequence), hash, String(createdAt.millisecondsSince1970)])
    }

    /// One line of JSON, the form `audit anchor` prints and appends to its file.
    public var line: String {
        let fields: [(String, String)] = [
            ("type", "\"gatehouse.audit_checkpoint\""), ("sequence", String(sequence)), ("hash", Self.quoted(hash)),
            ("created_at", Self.quoted(Self.timestamp(createdAt))), ("signature", Self.quoted(signature)),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// A checkpoint from one line of a checkpoint file; nil for anything else.
    public init?(line: String) {
        struct Wire: Decodable {
            let type: String
            let sequence: Int64
            let hash: String
            let created_at: String
            let signature: String
        }
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(line.utf8)), wire.type == "gatehouse.audit_checkpoint",
              wire.sequence >= 0, let created = Self.parseTimestamp(wire.created_at) else { return nil }
        self.init(sequence: wire.sequence, hash: wire.hash, createdAt: created, signature: wire.signature)
    }

    static func quoted(_ text: String) -> String {
        // Hashes, signatures and timestamps are hex, base64url and ISO 8601: nothing to escape.
        "\"" + text + "\""
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func parseTimestamp(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}

/// Signs checkpoints with the audit checkpoint key of the current secret key, and accepts those signed
/// under any key of the ring (a checkpoint made before a rotation still checks).
public struct AuditCheckpointSigner: Sendable {
    private let key: Curve25519.Signing.PrivateKey
    private let accepted: [(id: String, key: Curve25519.Signing.PublicKey)]

    public init(keys: KeyRing) {
        let signing = keys.keys(for: .auditCheckpoint).map { ($0.id, Self.privateKey($0.key)) }
        self.key = signing[0].1
        self.accepted = signing.map { ($0.0, $0.1.publicKey) }
    }

    static func privateKey(_ derived: SymmetricKey) -> Curve25519.Signing.PrivateKey {
        let seed = derived.withUnsafeBytes { Data($0) }
        // A 32-byte seed is always a valid Ed25519 private key.
        return (try? Curve25519.Signing.PrivateKey(rawRepresentation: seed)) ?? Curve25519.Signing.PrivateKey()
    }

    /// The public half, base64url: what an auditor needs to check a checkpoint without the server.
    public var publicKey: String { SecretToken.base64URL(Array(key.publicKey.rawRepresentation)) }

    public func sign(_ head: AuditChainHead, at date: Date, as use: AuditCheckpoint.Use = .anchor) -> AuditCheckpoint {
        let millis = date.millisecondsSince1970
        var checkpoint = AuditCheckpoint(sequence: head.sequence, hash: head.hash, createdAt: Date(millisecondsSince1970: millis), signature: "")
        let signature = (try? key.signature(for: Data(checkpoint.signedText(use).utf8))) ?? Data()
        checkpoint.signature = SecretToken.base64URL(Array(signature))
        return checkpoint
    }

    public func isGenuine(_ checkpoint: AuditCheckpoint, as use: AuditCheckpoint.Use = .anchor) -> Bool {
        signer(of: checkpoint, as: use) != nil
    }

    /// The id of the ring's secret key whose checkpoint key signed `checkpoint`; nil when none did.
    public func signer(of checkpoint: AuditCheckpoint, as use: AuditCheckpoint.Use = .anchor) -> String? {
        guard let signature = SecretToken.bytes(base64URL: checkpoint.signature), signature.count == 64 else { return nil }
        let text = Data(checkpoint.signedText(use).utf8)
        return accepted.first { $0.key.isValidSignature(Data(signature), for: text) }?.id
    }
}

extension Date {
    var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    init(millisecondsSince1970 millis: Int64) {
        self.init(timeIntervalSince1970: Double(millis) / 1000)
    }
}
