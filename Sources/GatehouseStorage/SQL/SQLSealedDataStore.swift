import Foundation
import GatehouseCore
import SQLKit

/// Sealed values in SQL for key rotation: active TOTP secrets in `credentials` (`<key id>.…`) and queued
/// mail in `outbox` (`<key id>:…`; sent and failed mail keeps an empty payload). Key ids are 12 hex digits; `v1` marks text from before ids.
struct SQLSealedDataStore: SealedDataStore, SQLRepository {
    let reader: any SQLExecutor
    let writer: any SQLExecutor
    let errors: any DatabaseErrorTranslator

    func sealed(in place: SealedPlace, notUnder keyID: String, after: String?, limit: Int) async throws -> [SealedValue] {
        let rows = try await translating {
            try await reader.run { db in
                switch place {
                case .totpSecret:
                    try await db.raw("""
                        SELECT id, account_id, secret AS value FROM credentials
                        WHERE kind = 'totp' AND state = 'active' AND secret IS NOT NULL AND secret NOT LIKE \(bind: keyID + ".%")
                          AND id > \(bind: after ?? "") ORDER BY id LIMIT \(bind: limit)
                        """).all()
                case .queuedMail:
                    try await db.raw("""
                        SELECT id, NULL AS account_id, payload AS value FROM outbox
                        WHERE payload <> '' AND payload NOT LIKE \(bind: keyID + ":%") AND id > \(bind: after ?? "") ORDER BY id LIMIT \(bind: limit)
                        """).all()
                }
            }
        }
        return try rows.map { row in
            SealedValue(place: place, id: try row.decode(column: "id", as: String.self),
                        accountID: try row.decode(column: "account_id", as: String?.self).map(AccountID.init(rawValue:)),
                        value: try row.decode(column: "value", as: String.self))
        }
    }

    func replace(_ value: SealedValue, with sealed: String, recipientKey: String?) async throws -> Bool {
        try await translating {
            try await writer.run { db in
                let rows = switch value.place {
                case .totpSecret:
                    try await db.raw("""
                        UPDATE credentials SET secret = \(bind: sealed) WHERE id = \(bind: value.id) AND secret = \(bind: value.value) RETURNING id
                        """).all()
                case .queuedMail:
                    try await db.raw("""
                        UPDATE outbox SET payload = \(bind: sealed), recipient_key = COALESCE(\(bind: recipientKey), recipient_key)
                        WHERE id = \(bind: value.id) AND payload = \(bind: value.value) RETURNING id
                        """).all()
                }
                return !rows.isEmpty
            }
        }
    }

    func keyUsage() async throws -> KeyUsage {
        try await translating {
            try await reader.run { db in
                var usage = KeyUsage()
                for row in try await db.raw("SELECT key_id, COUNT(*) AS n FROM audit_events GROUP BY key_id").all() {
                    usage.auditRecords[try row.decode(column: "key_id", as: String?.self)] = try row.decode(column: "n", as: Int.self)
                }
                let secrets = try await db.raw("""
                    SELECT CASE WHEN secret LIKE 'v1.%' THEN 'v1' ELSE substr(secret, 1, 12) END AS key_id, COUNT(*) AS n FROM credentials
                    WHERE kind = 'totp' AND state = 'active' AND secret IS NOT NULL GROUP BY 1
                    """).all()
                for row in try await db.raw("""
                    SELECT CASE WHEN secret_hash LIKE '%:%' THEN substr(secret_hash, 1, 12) ELSE 'v1' END AS key_id, COUNT(*) AS n FROM credentials
                    WHERE kind = 'backup_code' AND secret_hash IS NOT NULL GROUP BY 1
                    """).all() {
                    usage.backupCodes[try row.decode(column: "key_id", as: String.self)] = try row.decode(column: "n", as: Int.self)
                }
                let mail = try await db.raw("""
                    SELECT CASE WHEN payload LIKE 'v1:%' THEN 'v1' ELSE substr(payload, 1, 12) END AS key_id, COUNT(*) AS n FROM outbox
                    WHERE payload <> '' GROUP BY 1
                    """).all()
                for (place, rows) in [(SealedPlace.totpSecret, secrets), (.queuedMail, mail)] {
                    for row in rows {
                        usage.sealed[place, default: [:]][try row.decode(column: "key_id", as: String.self)] = try row.decode(column: "n", as: Int.self)
                    }
                }
                return usage
            }
        }
    }
}
