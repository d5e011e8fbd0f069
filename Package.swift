// swift-tools-version: 6.2

import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "gatehouse",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gatehouse", targets: ["gatehouse"]),
        .library(name: "GatehouseCore", targets: ["GatehouseCore"]),
        .library(name: "Argon2", targets: ["Argon2"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: ["JSON", "YAML"]),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
    ],
    targets: [
        // Leaf module: no dependency on Gatehouse*. Compiled optimised even in debug builds so that
        // the hasher's own tests and every test that hashes a password stay fast.
        .target(
            name: "Argon2",
            swiftSettings: [.unsafeFlags(["-O"])]
        ),
        // Leaf modules: no dependency on Gatehouse*; each has its own tests.
        .target(name: "TOTP", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .target(name: "QRCode", swiftSettings: strict),
        .target(name: "MaxMindDB", swiftSettings: strict),
        .target(name: "UserAgent", swiftSettings: strict),
        // Leaf module: Unicode TR #39 checks for identifiers (default-ignorables, scripts, confusable
        // skeletons), with Unicode 15.0 data embedded in the binary (scripts/generate-unicode-security).
        .target(
            name: "UnicodeSecurity",
            exclude: ["Data/LICENSE", "Data/README.md"],
            resources: [.embedInCode("Data/properties.bin"), .embedInCode("Data/confusables.bin"), .embedInCode("Data/casefold.bin")],
            swiftSettings: strict
        ),
        // HTML escaping per Unicode scalar for every Mustache template (pages and the HTML part of mail).
        .target(name: "HTMLEscaping", dependencies: [.product(name: "Mustache", package: "swift-mustache")], swiftSettings: strict),
        // SMTP client over SwiftNIO (plain, STARTTLS, implicit TLS; AUTH PLAIN/LOGIN); the mail outbox uses it.
        .target(
            name: "SMTP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Core: the flows, their types and the store protocols. No NIO, no threads, no HTTP, no drawing.
        .target(
            name: "GatehouseCore",
            dependencies: [
                "MaxMindDB",
                "TOTP",
                "UnicodeSecurity",
                "UserAgent",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Passwords/CommonPasswords/LICENSE-zxcvbn-python.txt", "Passwords/CommonPasswords/README.md"],
            resources: [.embedInCode("Passwords/CommonPasswords/common-passwords.txt")],
            swiftSettings: strict
        ),
        // Core's PasswordHasher as Argon2id on a thread pool of its own.
        .target(
            name: "GatehousePasswordHashing",
            dependencies: [
                "Argon2",
                "GatehouseCore",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The mail outbox worker, its transports (SMTP, .eml files) and the EN/RU message templates.
        .target(
            name: "GatehouseMail",
            dependencies: [
                "GatehouseCore",
                "SMTP",
                "HTMLEscaping",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            resources: [.embedInCode("Resources/mail.html.mustache"), .embedInCode("Resources/mail.txt.mustache")],
            swiftSettings: strict
        ),
        .target(
            name: "GatehouseStorage",
            dependencies: [
                "GatehouseCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            // Migrations' SQL, one file per version (or per version and backend), embedded into the binary.
            resources: [
                "v0001-accounts.sql",
                "v0002-sessions-audit-log-rate-limits.sql",
                "v0003-session-location-and-device.sql",
                "v0004-mail-outbox-link-tokens-pending-email.sql",
                "v0005-devices-and-places-seen-at-sign-in.sql",
                "v0006-two-factor-authentication-and-consent.sql",
                "v0007-positive-audit-sequences-lockout-window.postgres.sql",
                "v0007-positive-audit-sequences-lockout-window.sqlite.sql",
                "v0008-username-look-alike-keys.sql",
                "v0009-credentials.sql",
                "v0010-organizations-and-memberships.sql",
                "v0011-invitations.sql",
                "v0012-access-requests.sql",
                "v0013-api-tokens.sql",
                "v0014-last-sign-in.sql",
                "v0015-audit-chain-base.sql",
                "v0016-administrator-access.sql",
                "v0017-outbox-recipient-key.sql",
                "v0018-key-ids.sql",
                "v0019-indexes.postgres.sql",
                "v0019-indexes.sqlite.sql",
            ].map { .embedInCode("Migrations/SQL/\($0)") },
            swiftSettings: strict
        ),
        // Server-rendered pages: EN/RU catalogues in code; Mustache templates and CSS are files embedded into the binary.
        // No Hummingbird here; GatehouseHTTP serves what it renders.
        .target(
            name: "GatehouseWeb",
            dependencies: ["GatehouseCore", "HTMLEscaping", "QRCode", .product(name: "Mustache", package: "swift-mustache")],
            resources: [.embedInCode("Resources/gatehouse.css"), .embedInCode("Resources/gatehouse.js")] + [
                "layout",
                "feedback",
                "step-fields",
                "login",
                "second-factor",
                "recovery",
                "consent",
                "two-factor-setup",
                "backup-code",
                "message",
                "account",
                "password-reset",
                "password-reset-complete",
                "field",
                "form",
                "request-entry",
                "organization",
                "admin-organizations",
                "admin-users",
                "admin-user",
                "admin-audit",
                "admin-queues",
            ].map { .embedInCode("Resources/templates/\($0).mustache") },
            swiftSettings: strict
        ),
        .target(
            name: "GatehouseHTTP",
            dependencies: [
                "GatehouseCore",
                "GatehouseWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
            ],
            // The JSON API's OpenAPI document: served at /api/v1/openapi.json, and the source of the
            // API's types and server protocol (generated at build time; openapi-generator-config.yaml).
            resources: [.embedInCode("Features/Operations/Resources/openapi.yaml")],
            swiftSettings: strict,
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        .target(
            name: "GatehouseApp",
            dependencies: [
                "Argon2",
                "GatehouseCore",
                "GatehousePasswordHashing",
                "GatehouseStorage",
                "GatehouseHTTP",
                "GatehouseMail",
                "SMTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "gatehouse",
            dependencies: ["GatehouseApp"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "GatehouseBenchmark",
            dependencies: ["Argon2"],
            swiftSettings: strict
        ),
        .executableTarget(name: "UserAgentBenchmark", dependencies: ["UserAgent"], swiftSettings: strict),
        .executableTarget(name: "MaxMindDBBenchmark", dependencies: ["MaxMindDB"], swiftSettings: strict),
        // Child processes for the tests: launched one at a time, awaited with a deadline, output to files.
        .target(name: "ChildProcesses", swiftSettings: strict),
        .target(
            name: "GatehouseTestSupport",
            dependencies: [
                "ChildProcesses",
                "Argon2",
                "GatehouseCore",
                "GatehousePasswordHashing",
                "GatehouseStorage",
                "GatehouseHTTP",
                "GatehouseApp",
                "GatehouseMail",
                "SMTP",
                "TOTP",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
            ],
            swiftSettings: strict
        ),
        // A real SMTP server (Python aiosmtpd from Debian) run by the tests that need one.
        .target(name: "SMTPTestSupport", dependencies: ["ChildProcesses"], exclude: ["smtp_sink.py"], swiftSettings: strict),
        .testTarget(name: "Argon2Tests", dependencies: ["Argon2", "ChildProcesses"]),
        .testTarget(name: "GatehouseWebTests", dependencies: ["GatehouseCore", "GatehouseWeb", "HTMLEscaping"]),
        .testTarget(name: "TOTPTests", dependencies: ["TOTP", "ChildProcesses"], swiftSettings: strict),
        .testTarget(
            name: "SMTPTests",
            dependencies: ["SMTP", "SMTPTestSupport", .product(name: "NIOPosix", package: "swift-nio"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(name: "QRCodeTests", dependencies: ["QRCode", "ChildProcesses"]),
        .testTarget(name: "UnicodeSecurityTests", dependencies: ["UnicodeSecurity"], swiftSettings: strict),
        .testTarget(name: "MaxMindDBTests", dependencies: ["MaxMindDB"]),
        .testTarget(name: "UserAgentTests", dependencies: ["UserAgent"], resources: [.copy("Resources")], swiftSettings: strict),
        .testTarget(name: "GatehouseCoreTests", dependencies: ["GatehouseCore", "GatehousePasswordHashing", "GatehouseTestSupport",
                                                              .product(name: "NIOPosix", package: "swift-nio")]),
        .testTarget(name: "GatehouseStorageTests", dependencies: ["GatehouseCore", "GatehouseStorage", "GatehouseTestSupport"]),
        .testTarget(
            name: "GatehouseHTTPTests",
            dependencies: [
                "GatehouseCore", "GatehouseHTTP", "GatehouseApp", "GatehouseStorage", "GatehousePasswordHashing", "GatehouseTestSupport", "GatehouseMail", "SMTP", "SMTPTestSupport", "TOTP", "ChildProcesses",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ]
        ),
        .testTarget(
            name: "GatehouseMailTests",
            dependencies: ["GatehouseMail", "GatehouseCore", "GatehouseStorage", "GatehouseTestSupport", "SMTP", "SMTPTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(name: "GatehouseAppTests", dependencies: ["GatehouseApp", "GatehouseCore", "GatehouseStorage", "GatehouseTestSupport", "SMTPTestSupport", "ChildProcesses", .product(name: "Logging", package: "swift-log")]),
    ],
    swiftLanguageModes: [.v6]
)
