/// One versioned schema change. Statements are plain SQL that both SQLite and PostgreSQL accept; where
/// they cannot, a migration gives each backend its own list.
struct Migration: Sendable {
    let version: Int
    let name: String
    let sqlite: [String]
    let postgres: [String]

    init(_ version: Int, _ name: String, both statements: [String]) {
        self.init(version, name, sqlite: statements, postgres: statements)
    }

    init(_ version: Int, _ name: String, sqlite: [String], postgres: [String]) {
        self.version = version
        self.name = name
        self.sqlite = sqlite
        self.postgres = postgres
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
    ]

    static var latestVersion: Int { all.last?.version ?? 0 }
}
