import GatehouseCore
import Logging
import SQLKit

/// One versioned schema change. Statements are plain SQL that both SQLite and PostgreSQL accept; where
/// they cannot, a migration gives each backend its own list.
struct Migration: Sendable {
    /// Work SQL cannot express (a value computed in Swift for every row), run in the migration's
    /// transaction after its statements.
    typealias DataStep = @Sendable (any SQLDatabase) async throws -> Void

    let version: Int
    let name: String
    let sqlite: [String]
    let postgres: [String]
    let data: DataStep?

    init(_ version: Int, _ name: String, both statements: [String], data: DataStep? = nil) {
        self.init(version, name, sqlite: statements, postgres: statements, data: data)
    }

    init(_ version: Int, _ name: String, sqlite: [String], postgres: [String], data: DataStep? = nil) {
        self.version = version
        self.name = name
        self.sqlite = sqlite
        self.postgres = postgres
        self.data = data
    }
}

/// Every migration this build knows, in order. Never edit one that has shipped: add a new one.
/// Times are stored as BIGINT milliseconds since the Unix epoch on both backends, so that the same
/// queries and comparisons work everywhere.
enum Migrations {
    static let all: [Migration] = [
        Migration(1, "accounts", both: [
            """
            CREATE TABLE accounts (
                id TEXT PRIMARY KEY,
                username TEXT NOT NULL,
                username_normalized TEXT NOT NULL,
                email TEXT NOT NULL,
                email_normalized TEXT NOT NULL,
                email_verified_at BIGINT,
                password_hash TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
                roles TEXT NOT NULL DEFAULT '',
                preferred_language TEXT NOT NULL DEFAULT 'en',
                failed_attempts BIGINT NOT NULL DEFAULT 0,
                locked_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX accounts_username_normalized_key ON accounts (username_normalized)",
            "CREATE UNIQUE INDEX accounts_email_normalized_key ON accounts (email_normalized)",
        ]),
        Migration(2, "sessions, audit log, rate limits", both: [
            """
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY,
                token_hash TEXT NOT NULL,
                account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                status TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                authenticated_at BIGINT NOT NULL,
                ip TEXT,
                user_agent TEXT
            )
            """,
            "CREATE UNIQUE INDEX sessions_token_hash_key ON sessions (token_hash)",
            "CREATE INDEX sessions_account_id_idx ON sessions (account_id)",
            "CREATE INDEX sessions_expires_at_idx ON sessions (expires_at)",
            """
            CREATE TABLE audit_events (
                sequence BIGINT PRIMARY KEY,
                id TEXT NOT NULL,
                occurred_at BIGINT NOT NULL,
                type TEXT NOT NULL,
                actor_id TEXT,
                subject_id TEXT,
                request_id TEXT,
                details TEXT NOT NULL,
                ip TEXT,
                user_agent TEXT,
                identifier_hash TEXT,
                personal_mac TEXT NOT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_events_subject_idx ON audit_events (subject_id, sequence)",
            "CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, sequence)",
            "CREATE INDEX audit_events_type_idx ON audit_events (type, sequence)",
            "CREATE TABLE audit_chain_head (id BIGINT PRIMARY KEY, sequence BIGINT NOT NULL, hash TEXT NOT NULL)",
            "INSERT INTO audit_chain_head (id, sequence, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000')",
            "CREATE TABLE rate_limits (key TEXT PRIMARY KEY, tat BIGINT NOT NULL)",
        ]),
        Migration(3, "session location and device", both: [
            "ALTER TABLE sessions ADD COLUMN client TEXT NOT NULL DEFAULT '{}'",
        ]),
        Migration(4, "mail outbox, link tokens, pending email", both: [
            "ALTER TABLE accounts ADD COLUMN pending_email TEXT",
            "ALTER TABLE accounts ADD COLUMN failed_alert_at BIGINT",
            "ALTER TABLE accounts ADD COLUMN two_factor_reissue_at BIGINT",
            """
            CREATE TABLE link_tokens (
                token_hash TEXT PRIMARY KEY,
                purpose TEXT NOT NULL,
                account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                email TEXT,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                used_at BIGINT
            )
            """,
            "CREATE INDEX link_tokens_account_idx ON link_tokens (account_id, purpose)",
            "CREATE INDEX link_tokens_expires_at_idx ON link_tokens (expires_at)",
            """
            CREATE TABLE outbox (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                next_attempt_at BIGINT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0,
                claimed_until BIGINT,
                claim_token TEXT,
                sent_at BIGINT,
                failed_at BIGINT,
                last_error TEXT
            )
            """,
            "CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL",
        ]),
        Migration(5, "devices and places seen at sign-in", both: [
            """
            CREATE TABLE known_clients (
                account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                key TEXT NOT NULL,
                last_seen_at BIGINT NOT NULL,
                PRIMARY KEY (account_id, kind, key)
            )
            """,
        ]),
        Migration(6, "two-factor authentication and consent", both: [
            "ALTER TABLE accounts ADD COLUMN totp_secret TEXT",
            "ALTER TABLE accounts ADD COLUMN totp_enabled_at BIGINT",
            "ALTER TABLE accounts ADD COLUMN totp_last_step BIGINT",
            "ALTER TABLE accounts ADD COLUMN totp_pending_secret TEXT",
            "ALTER TABLE accounts ADD COLUMN totp_pending_at BIGINT",
            "ALTER TABLE accounts ADD COLUMN backup_code_hash TEXT",
            "ALTER TABLE accounts ADD COLUMN consent_version TEXT",
            "ALTER TABLE accounts ADD COLUMN consent_accepted_at BIGINT",
            "ALTER TABLE accounts ADD COLUMN consent_ip TEXT",
        ]),
        // Sequences start at 1: a row numbered 0 or below (or NULL, which SQLite allows in a
        // non-integer primary key) could sit before the chain where a walk from 1 never looks.
        Migration(7, "audit sequences are positive; failed sign-ins counted in a window; reissue cancellations", sqlite: [
            "ALTER TABLE accounts ADD COLUMN failed_attempt_at BIGINT",
            "ALTER TABLE accounts ADD COLUMN two_factor_reissue_cancelled_at BIGINT",
            """
            CREATE TRIGGER audit_events_sequence_insert BEFORE INSERT ON audit_events
            WHEN NEW.sequence IS NULL OR NEW.sequence <= 0
            BEGIN SELECT RAISE(ABORT, 'audit_events.sequence must be positive'); END
            """,
            """
            CREATE TRIGGER audit_events_sequence_update BEFORE UPDATE OF sequence ON audit_events
            WHEN NEW.sequence IS NULL OR NEW.sequence <= 0
            BEGIN SELECT RAISE(ABORT, 'audit_events.sequence must be positive'); END
            """,
        ], postgres: [
            "ALTER TABLE accounts ADD COLUMN failed_attempt_at BIGINT",
            "ALTER TABLE accounts ADD COLUMN two_factor_reissue_cancelled_at BIGINT",
            "ALTER TABLE audit_events ADD CONSTRAINT audit_events_sequence_positive CHECK (sequence > 0)",
        ]),
        // Usernames that look alike (Unicode TR #39 skeletons: `alıce`, `ali̇ce`, `rn`/`m`, and `aIice`
        // before case folding) share a key, and each key is unique. Existing accounts get theirs here;
        // where two existing names already look alike, the older keeps the key and the newer none
        // (it keeps working, and the pair is logged).
        Migration(8, "username look-alike keys", both: [
            "ALTER TABLE accounts ADD COLUMN username_key TEXT",
            "ALTER TABLE accounts ADD COLUMN username_case_key TEXT",
            "ALTER TABLE accounts ADD COLUMN username_upper_key TEXT",
        ], data: { db in
            let logger = Logger(label: "gatehouse.migrations")
            var taken: [String: String] = [:]
            let rows = try await db.raw("SELECT id, username, username_normalized FROM accounts ORDER BY created_at, id").all()
            for row in rows {
                let id = try row.decode(column: "id", as: String.self)
                let keys = IdentifierNormalizer.usernameKeys(display: try row.decode(column: "username", as: String.self),
                                                             normalized: try row.decode(column: "username_normalized", as: String.self))
                if let older = taken[keys.key] ?? taken[keys.caseKey] ?? taken[keys.upperKey] {
                    logger.warning("two existing usernames look alike; the newer gets no look-alike key", metadata: [
                        "account": "\(id)", "looks_like_account": "\(older)"])
                    continue
                }
                for key in [keys.key, keys.caseKey, keys.upperKey] { taken[key] = id }
                try await db.raw("""
                    UPDATE accounts SET username_key = \(bind: keys.key), username_case_key = \(bind: keys.caseKey),
                        username_upper_key = \(bind: keys.upperKey) WHERE id = \(bind: id)
                    """).run()
            }
            try await db.raw("CREATE UNIQUE INDEX accounts_username_key ON accounts (username_key)").run()
            try await db.raw("CREATE UNIQUE INDEX accounts_username_case_key ON accounts (username_case_key)").run()
            try await db.raw("CREATE UNIQUE INDEX accounts_username_upper_key ON accounts (username_upper_key)").run()
        }),
    ]

    static var latestVersion: Int { all.last?.version ?? 0 }
}
