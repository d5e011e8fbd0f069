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
            if usage.auditRecords[nil] != nil || usage.sealed.values.contains(where: { $0["v1"] != nil }) || usage.backupCodes["v1"] != nil {
                print(Self.line(id: nil, role: "from before key ids (any key of the ring)", usage: usage))
            }
            let known = Set(keys.ids + ["v1"])
            let unknown = Set(usage.auditRecords.keys.compactMap { $0 }).union(usage.sealed.values.flatMap(\.keys)).union(usage.backupCodes.keys)
                .subtracting(known)
            for id in unknown.sorted() {
                print(Self.line(id: id, role: "MISSING: neither secret_key nor a fallback", usage: usage))
            }
        }

        static func line(id: String?, role: String, usage: KeyUsage) -> String {
            let sealedID = id ?? "v1"
            let audit = usage.auditRecords[id] ?? 0
            let secrets = usage.sealed[.totpSecret]?[sealedID] ?? 0
            let mail = usage.sealed[.queuedMail]?[sealedID] ?? 0
            let codes = usage.backupCodes[sealedID] ?? 0
            return "\(id ?? "(none)")  \(role): \(audit) audit records, \(secrets) TOTP secrets, \(codes) backup codes, \(mail) queued mails"
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
            if settings.secretKey != nil {
                // The existing keys are named by id only: they are in the configuration already.
                let keys = try context.keyRing()
                let key = SystemRandomSource().bytes(SecretKey.byteCount)
                let id = KeyRing.id(of: key)
                print("""
                    secret_key is set in the configuration, so nothing was changed. A new key, id \(id):
                      \(Data(key).base64EncodedString())
                    To rotate without an instance ever meeting data sealed under a key it lacks (docs/operations.md):
                      1. On every instance, put the new key first in secret_key_fallbacks (keep secret_key, \(keys.currentID)); restart them one at a time.
                      2. On every instance, make the new key secret_key and put \(keys.ids.joined(separator: ", ")) in secret_key_fallbacks, newest first; restart them one at a time.
                      3. Run `gatehouse keys reseal` once.
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
                Run it once every server uses the current key. It then records keys.retired: from there on the \
                audit log refuses records signed under the fallbacks, so a leaked old key cannot add any. Audit \
                records written before stay as they were signed: their key must stay a fallback for as long as \
                they are kept (audit.retention prunes them). Refused while the newest audit record is signed \
                under another key than the current one (a server still on the old key), unless --force.
                """)

        @OptionGroup var options: CommonOptions

        @Flag(help: "Reseal even though the newest audit record is not signed under the current key.")
        var force = false

        func run() async throws {
            let context = try await AppContext.load(options)
            let keys = try context.keyRing()
            guard keys.namesKeys else {
                print("no fallback keys: nothing is sealed under another key than \(keys.currentID)")
                return
            }
            let force = self.force
            let outcome = try await context.withStore(migrate: false) { store in
                let head = try await store.auditLog.head()
                if !force, head.sequence > 0, let newest = try await store.auditLog.records(after: head.sequence - 1, limit: 1).first,
                   newest.keyID != keys.currentID {
                    throw CommandFailure("""
                        the newest audit record (\(newest.sequence)) is signed under \(newest.keyID ?? "no named key"), not the current key \(keys.currentID): \
                        a server may still use the old key. Restart every server with the new key first, or pass --force.
                        """)
                }
                return try await KeyRotation(store: store, keys: keys).reseal()
            }
            print("resealed under \(keys.currentID): \(outcome.resealed[.totpSecret] ?? 0) TOTP secrets, \(outcome.resealed[.queuedMail] ?? 0) queued mails")
            if outcome.changed > 0 { print("\(outcome.changed) changed while being resealed; run reseal again") }
            if outcome.baseResigned { print("the audit log's base is signed under \(keys.currentID) now") }
            print("keys.retired recorded: the audit log refuses records signed under \(keys.ids.dropFirst().joined(separator: ", ")) from now on")
            let unreadable = outcome.unreadable.values.reduce(0) { $0 + $1.count }
            if unreadable > 0 {
                throw CommandFailure("\(unreadable) sealed values open under no key of the ring (neither secret_key nor a fallback): \(outcome.unreadable)")
            }
        }
    }
}
