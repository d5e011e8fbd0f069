import ArgumentParser
import Foundation
import GatehouseCore

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Rotate the server's secret key and see what each key still covers.",
        discussion: """
            The current secret key seals, hashes and signs everything new; the keys it replaced (later lines \
            of <data_dir>/secret.key, or secret_key_fallbacks) are only read with, so that what they sealed \
            still opens and the audit records they signed still verify. See docs/operations.md.
            """,
        subcommands: [List.self, Rotate.self, Reseal.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the secret keys by id, and the audit records, TOTP secrets and queued mail under each.")

        @OptionGroup var options: CommonOptions

        func run() async throws {
            let context = try await AppContext.load(options)
            let keys = try context.keyRing()
            let usage = try await context.withStore(migrate: false) { store in try await store.sealedData.keyUsage() }
            for (index, id) in keys.ids.enumerated() {
                print(Self.line(id: id, role: index == 0 ? "current" : "fallback", usage: usage))
            }
            if usage.auditRecords[nil] != nil || usage.sealed.values.contains(where: { $0["v1"] != nil }) {
                print(Self.line(id: nil, role: "from before key ids (any key of the ring)", usage: usage))
            }
            let known = Set(keys.ids + ["v1"])
            let unknown = Set(usage.auditRecords.keys.compactMap { $0 }).union(usage.sealed.values.flatMap(\.keys)).subtracting(known)
            for id in unknown.sorted() {
                print(Self.line(id: id, role: "MISSING: neither secret_key nor a fallback", usage: usage))
            }
        }

        static func line(id: String?, role: String, usage: KeyUsage) -> String {
            let sealedID = id ?? "v1"
            let audit = usage.auditRecords[id] ?? 0
            let secrets = usage.sealed[.totpSecret]?[sealedID] ?? 0
            let mail = usage.sealed[.queuedMail]?[sealedID] ?? 0
            return "\(id ?? "(none)")  \(role): \(audit) audit records, \(secrets) TOTP secrets, \(mail) queued mails"
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new secret key current; the old one stays as a fallback.",
            discussion: """
                With <data_dir>/secret.key, the new key is put first in the file and the others stay after it. \
                With secret_key set, nothing is written: the new key is printed, to be set as secret_key with \
                the old one added to the front of secret_key_fallbacks. Servers read their keys when they start: \
                restart them, then run `gatehouse keys reseal`.
                """)

        @OptionGroup var options: CommonOptions

        func run() async throws {
            let context = try await AppContext.load(options)
            let settings = context.settings
            if let configured = settings.secretKey {
                let key = SystemRandomSource().bytes(SecretKey.byteCount)
                let fallbacks = [configured] + settings.secretKeyFallbacks
                print("""
                    secret_key is set in the configuration, so nothing was changed. To rotate, set on every instance:
                      secret_key=\(Data(key).base64EncodedString())
                      secret_key_fallbacks=\(fallbacks.joined(separator: ","))
                    new key id: \(KeyRing.id(of: key))
                    Restart the instances (each one must hold the new key as a fallback before any seals under it when \
                    several share a database: see docs/operations.md), then run `gatehouse keys reseal`.
                    """)
                return
            }
            let key: [UInt8]
            do {
                key = try SecretKey.rotateFile(settings: settings)
            } catch let error as SettingsError {
                throw CommandFailure(error.problems.joined(separator: "; "))
            }
            print("""
                new secret key \(KeyRing.id(of: key)) is current in \(SecretKey.path(settings)); the older keys stay as fallbacks.
                Restart the server, then run `gatehouse keys reseal`.
                """)
        }
    }

    struct Reseal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Seal TOTP secrets and queued mail again under the current secret key.",
            discussion: """
                Run it once every server holds the current key. Audit records stay as they were signed: their \
                key must stay a fallback for as long as they are kept (audit.retention prunes them).
                """)

        @OptionGroup var options: CommonOptions

        func run() async throws {
            let context = try await AppContext.load(options)
            let keys = try context.keyRing()
            let outcome = try await context.withStore { store in try await KeyRotation(store: store, keys: keys).reseal() }
            print("resealed under \(keys.currentID): \(outcome.resealed[.totpSecret] ?? 0) TOTP secrets, \(outcome.resealed[.queuedMail] ?? 0) queued mails")
            if outcome.changed > 0 { print("\(outcome.changed) changed while being resealed; run reseal again") }
            let unreadable = outcome.unreadable.values.reduce(0) { $0 + $1.count }
            if unreadable > 0 {
                throw CommandFailure("\(unreadable) sealed values open under no key of the ring (neither secret_key nor a fallback): \(outcome.unreadable)")
            }
        }
    }
}
