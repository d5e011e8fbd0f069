import Foundation
import GatehouseCore
import SQLKit

/// The repositories of one open transaction, all on the transaction's connection.
struct SQLStoreTransaction: StoreTransaction {
    let database: any SQLDatabase
    let accounts: any AccountStore
    let sessions: any SessionStore
    let outbox: any OutboxStore
    let linkTokens: any LinkTokenStore
    let knownClients: any KnownClientStore
    let credentials: any CredentialStore
    let organizations: any OrganizationStore
    let invitations: any InvitationStore
    let accessRequests: any AccessRequestStore
    let apiTokens: any APITokenStore
    /// `" FOR UPDATE"` on PostgreSQL; empty on SQLite, whose `BEGIN IMMEDIATE` already holds the write lock.
    let lockSuffix: String
    /// PostgreSQL's notification channel for cache invalidations; nil on SQLite (one instance).
    let invalidationChannel: String?

    init(database: any SQLDatabase, errors: any DatabaseErrorTranslator, lockSuffix: String, invalidationChannel: String? = nil) {
        self.database = database
        self.lockSuffix = lockSuffix
        self.invalidationChannel = invalidationChannel
        let executor = TransactionExecutor(database: database)
        self.accounts = SQLAccountStore(reader: executor, writer: executor, errors: errors, lockSuffix: lockSuffix)
        self.sessions = SQLSessionStore(reader: executor, writer: executor, errors: errors)
        self.outbox = SQLOutboxStore(reader: executor, writer: executor, errors: errors, skipLocked: lockSuffix.isEmpty ? "" : " FOR UPDATE SKIP LOCKED")
        self.linkTokens = SQLLinkTokenStore(reader: executor, writer: executor, errors: errors)
        self.knownClients = SQLKnownClientStore(executor: executor, errors: errors)
        self.credentials = SQLCredentialStore(executor: executor, errors: errors, lockSuffix: lockSuffix)
        self.organizations = SQLOrganizationStore(reader: executor, writer: executor, errors: errors)
        self.invitations = SQLInvitationStore(reader: executor, writer: executor, errors: errors)
        self.accessRequests = SQLAccessRequestStore(reader: executor, writer: executor, errors: errors)
        self.apiTokens = SQLAPITokenStore(reader: executor, writer: executor, errors: errors)
    }

    func announce(_ invalidations: [CacheInvalidation]) async throws {
        guard let channel = invalidationChannel else { return }
        // Queued with the transaction: PostgreSQL delivers it to every listener only if it commits.
        for payload in CacheInvalidation.batches(invalidations) {
            _ = try await database.raw("SELECT pg_notify(\(bind: channel), \(bind: payload)) AS sent").all()
        }
    }

    func lockAuditHead() async throws -> AuditChainHead {
        try await SQLAuditStore.head(database, lockSuffix: lockSuffix)
    }

    func appendAudit(_ records: [AuditRecord], head: AuditChainHead) async throws {
        try await SQLAuditStore.append(records, head: head, in: database)
    }

    func eraseAuditPersonalData(of account: AccountID) async throws -> Int {
        let rows = try await database.raw("""
            UPDATE audit_events SET ip = NULL, user_agent = NULL, identifier_hash = NULL, email = NULL
            WHERE (subject_id = \(bind: account.rawValue) OR actor_id = \(bind: account.rawValue))
              AND (ip IS NOT NULL OR user_agent IS NOT NULL OR identifier_hash IS NOT NULL OR email IS NOT NULL)
            RETURNING sequence
            """).all()
        return rows.count
    }

    func eraseAddress(emailNormalized: String, recipientKeys: [String]) async throws -> ErasedAddress {
        let requests = try await database.raw(
            "DELETE FROM access_requests WHERE email_normalized = \(bind: emailNormalized) RETURNING id").all().count
        let invitations = try await database.raw(
            "DELETE FROM invitations WHERE email_normalized = \(bind: emailNormalized) RETURNING id").all().count
        let audit = try await database.raw("""
            UPDATE audit_events SET ip = NULL, user_agent = NULL, identifier_hash = NULL, email = NULL
            WHERE email IS NOT NULL AND LOWER(email) = \(bind: emailNormalized.lowercased())
            RETURNING sequence
            """).all().count
        var mails = 0
        if !recipientKeys.isEmpty {
            mails = try await database.raw("DELETE FROM outbox WHERE recipient_key IN (\(binds: recipientKeys)) RETURNING id").all().count
        }
        return ErasedAddress(invitations: invitations, accessRequests: requests, auditRecords: audit, mails: mails)
    }

    func pruneAudit(through base: AuditCheckpoint) async throws -> Int {
        try await SQLAuditStore.prune(through: base, in: database)
    }
}
