import Foundation

/// Something names a secret key this server does not hold: during a rotation, an instance that has not
/// been given the new key yet. Worth retrying on an instance that has it, never a reason to drop data.
public struct UnknownSecretKey: Error, CustomStringConvertible {
    public let keyID: String
    public var description: String { "sealed under key \(keyID), which is neither secret_key nor one of secret_key_fallbacks here" }
}

/// Where sealed data lives: active TOTP secrets (opened with the account id as context) and queued mail.
public enum SealedPlace: String, Sendable, CaseIterable {
    case totpSecret = "totp secret"
    case queuedMail = "queued mail"
}

/// One stored sealed value, as `gatehouse keys reseal` reads and replaces it.
public struct SealedValue: Sendable, Equatable {
    public var place: SealedPlace
    /// The row: a credential's id or an outbox entry's id.
    public var id: String
    /// The account the secret belongs to (its sealing context); nil for mail.
    public var accountID: AccountID?
    public var value: String

    public init(place: SealedPlace, id: String, accountID: AccountID?, value: String) {
        self.place = place
        self.id = id
        self.accountID = accountID
        self.value = value
    }
}

/// What each secret key still covers, by key id (`v1`: sealed before keys had ids; `nil` audit key:
/// records from before keys had ids).
public struct KeyUsage: Sendable, Equatable {
    public var auditRecords: [String?: Int]
    public var sealed: [SealedPlace: [String: Int]]
    /// Backup-code hashes per key id (`v1`: from before ids, or written by a ring without fallbacks).
    public var backupCodes: [String: Int]

    public init(auditRecords: [String?: Int] = [:], sealed: [SealedPlace: [String: Int]] = [:], backupCodes: [String: Int] = [:]) {
        self.auditRecords = auditRecords
        self.sealed = sealed
        self.backupCodes = backupCodes
    }
}

/// Reads and rewrites sealed values for key rotation, and counts what each key covers.
public protocol SealedDataStore: Sendable {
    /// Values in `place` not sealed under `keyID`, in id order after `after`, at most `limit`.
    func sealed(in place: SealedPlace, notUnder keyID: String, after: String?, limit: Int) async throws -> [SealedValue]
    /// Replaces `value` with `sealed`, only if the row still holds `value.value` (a sign-in or the
    /// outbox may have changed it meanwhile). For mail, `recipientKey` replaces the recipient's keyed
    /// hash too. False otherwise.
    func replace(_ value: SealedValue, with sealed: String, recipientKey: String?) async throws -> Bool
    /// Audit records per key id, and sealed values per key id in each place.
    func keyUsage() async throws -> KeyUsage
}

/// `gatehouse keys`: after `secret_key` changes, seals again under the new key what an older key sealed,
/// so that the older key is needed only for the audit records it signed.
public struct KeyRotation: Sendable {
    let store: any Store
    let keys: KeyRing
    let random: any RandomSource

    public init(store: any Store, keys: KeyRing, random: any RandomSource = SystemRandomSource()) {
        self.store = store
        self.keys = keys
        self.random = random
    }

    public struct Outcome: Sendable, Equatable {
        /// Values sealed again under the current key, per place.
        public var resealed: [SealedPlace: Int] = [:]
        /// Values that open under no key of the ring (their ids), left as they are.
        public var unreadable: [SealedPlace: [String]] = [:]
        /// Values that changed while being resealed (used or sent meanwhile), left to the next run.
        public var changed = 0
        /// Whether the audit chain's base (left by retention) was signed again under the current key.
        public var baseResigned = false
    }

    /// Seals every TOTP secret and queued mail that names an older key (or none) again under the
    /// current one, each with a conditional update; then signs the audit chain's base again under the
    /// current key and records `keys.retired` for the fallbacks: from that event on, the audit log
    /// refuses records signed under them, so a leaked old key can no longer add any. Run it once every
    /// instance uses the current key. Nothing to do for a ring without fallbacks.
    public func reseal(pageSize: Int = 500) async throws -> Outcome {
        var outcome = Outcome()
        guard keys.namesKeys else { return outcome }
        let box = SecretBox(keys: keys, random: random)
        let mailer = Mailer(keys: keys, clock: SystemWallClock(), random: random, publicURL: "")
        for place in SealedPlace.allCases {
            var after: String?
            while true {
                let page = try await store.sealedData.sealed(in: place, notUnder: keys.currentID, after: after, limit: pageSize)
                for value in page {
                    let sealed: String
                    var recipientKey: String?
                    do {
                        switch place {
                        case .totpSecret:
                            let context = value.accountID?.rawValue ?? ""
                            sealed = try box.seal(box.open(value.value, context: context), context: context)
                        case .queuedMail:
                            let mail = try mailer.open(value.value)
                            sealed = try mailer.seal(mail)
                            recipientKey = mailer.recipientKey(mail.to)
                        }
                    } catch {
                        outcome.unreadable[place, default: []].append(value.id)
                        continue
                    }
                    if try await store.sealedData.replace(value, with: sealed, recipientKey: recipientKey) {
                        outcome.resealed[place, default: 0] += 1
                    } else {
                        outcome.changed += 1
                    }
                }
                guard page.count == pageSize, let last = page.last else { break }
                after = last.id
            }
        }
        let trail = AuditTrail(keys: keys, clock: SystemWallClock(), random: random)
        let details = [
            "keys": keys.ids.dropFirst().joined(separator: ","), "current": keys.currentID,
            "totp_secrets_resealed": String(outcome.resealed[.totpSecret] ?? 0), "mails_resealed": String(outcome.resealed[.queuedMail] ?? 0),
        ]
        let current = keys.currentID
        outcome.baseResigned = try await UnitOfWork(store: store, trail: trail, cache: nil, outbox: nil).run { work in
            _ = try await work.tx.lockAuditHead()
            var resigned = false
            if let base = try await store.auditLog.base(), let signer = trail.checkpoints.signer(of: base, as: .base), signer != current {
                _ = try await work.tx.pruneAudit(through: trail.checkpoints.sign(base.head, at: base.createdAt, as: .base))
                resigned = true
            }
            work.record(AuditEvent(.keysRetired, details: details))
            return resigned
        }
        return outcome
    }
}
