import Crypto
import Foundation
import Synchronization

/// Puts mail into the outbox, sealed, inside the caller's transaction; builds links from `public_url`
/// only (never from a request's Host); and wakes this instance's outbox worker after commit.
public struct Mailer: Sendable {
    public let keys: KeyRing
    public let clock: any WallClock
    public let random: any RandomSource
    /// `public_url` without a trailing slash.
    public let publicURL: String
    public let signal: OutboxSignal

    public init(keys: KeyRing, clock: any WallClock, random: any RandomSource, publicURL: String, signal: OutboxSignal = OutboxSignal()) {
        self.keys = keys
        self.clock = clock
        self.random = random
        var url = publicURL
        while url.hasSuffix("/") { url.removeLast() }
        self.publicURL = url
        self.signal = signal
    }

    /// The keyed hash of an address (folded as at sign-in) that marks the mail queued for it.
    public func recipientKey(_ address: String) -> String {
        keys.mac(.mailRecipient, IdentifierNormalizer.fold(address))
    }

    /// The address's keyed hash under every secret key: mail queued before a rotation bears an older one.
    public func recipientKeys(_ address: String) -> [String] {
        keys.macs(.mailRecipient, IdentifierNormalizer.fold(address))
    }

    /// Seals `mail` and inserts it with `work`, which wakes the outbox worker once it commits; returns
    /// the entry's id (the stable Message-ID's left part).
    @discardableResult
    public func enqueue(_ mail: OutgoingMail, in work: Work) async throws -> String {
        let now = clock.now()
        let id = random.uuidV7(at: now).uuidString.lowercased()
        try await work.outbox.enqueue(NewOutboxEntry(id: id, kind: mail.kind, payload: try seal(mail), createdAt: now,
                                                     recipientKey: recipientKey(mail.to)))
        work.afterCommit(.wakeOutbox)
        return id
    }

    /// `public_url` + path (+ `?token=`).
    public func link(_ path: String, token: String? = nil) -> String {
        guard let token else { return publicURL + path }
        return publicURL + path + "?token=" + token
    }

    // MARK: - Sealing

    public func seal(_ mail: OutgoingMail) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let plain = try encoder.encode(mail)
        let box = try AES.GCM.seal(plain, using: keys.key(for: .outbox), nonce: AES.GCM.Nonce(data: random.bytes(12)))
        guard let combined = box.combined else { throw GatehouseError(.internalError, detail: "could not seal an outbox entry") }
        return (keys.namesKeys ? keys.currentID : SecretBox.unnamedKeyID) + ":" + combined.base64EncodedString()
    }

    /// Opens a payload sealed under any key of the ring (`v1:`: from before keys had ids, any that opens it).
    public func open(_ payload: String) throws -> OutgoingMail {
        let parts = payload.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let combined = Data(base64Encoded: String(parts[1])), let box = try? AES.GCM.SealedBox(combined: combined) else {
            throw StoreError.corrupt("outbox payload")
        }
        guard let candidates = SecretBox.candidates(keyID: String(parts[0]), keys: keys, purpose: .outbox) else {
            throw UnknownSecretKey(keyID: String(parts[0]))
        }
        for key in candidates {
            if let plain = try? AES.GCM.open(box, using: key) { return try JSONDecoder().decode(OutgoingMail.self, from: plain) }
        }
        throw StoreError.corrupt("outbox payload (it does not open with this server's secret keys)")
    }

}

/// Wakes the outbox worker of this instance without waiting for its next poll. Notifications coalesce.
public final class OutboxSignal: Sendable {
    private let state = Mutex<(pending: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    public init() {}

    /// Whether a notification came that no wait has taken yet.
    public var isPending: Bool { state.withLock { $0.pending } }

    public func notify() {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.pending = true
            return nil
        }
        waiter?.resume()
    }

    /// Returns at the next notification (at once if one came since the last wait) or after `timeout`.
    /// One waiter at a time (the worker).
    public func wait(timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in await waitForNotification() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForNotification() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    // Cancellation is flagged before the handler runs: checking it under the lock means
                    // either the handler sees this waiter or this waiter sees the cancellation.
                    if state.pending || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let parked = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            parked?.resume()
        }
    }
}

/// Times in mail and pages: `2026-11-23 17:30 UTC`.
public enum DisplayTime {
    public static func format(_ date: Date) -> String {
        let components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .gmt, from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", components.year ?? 0, components.month ?? 0, components.day ?? 0,
                      components.hour ?? 0, components.minute ?? 0)
    }
}
