import Foundation
import GatehouseCore

/// The server's 32-byte secret keys, from which keys for encryption and keyed hashes are derived (HKDF).
/// The current one is `secret_key` when set; otherwise the first line of `<data_dir>/secret.key`, which
/// is created with mode 0600 on first start. The keys it replaced (`gatehouse keys rotate`) are the
/// file's later lines and `secret_key_fallbacks`: only read with. Losing a key makes what it sealed (TOTP
/// secrets) unreadable and what it signed (audit records) uncheckable.
public enum SecretKey {
    public static let byteCount = 32

    public static func decode(_ base64: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)),
              data.count == byteCount else { return nil }
        return Array(data)
    }

    /// The current key and its fallbacks, newest first.
    public struct Keys: Sendable {
        public var current: [UInt8]
        public var fallbacks: [[UInt8]]

        public var ring: KeyRing { KeyRing(secretKey: current, fallbacks: fallbacks) }
    }

    public static func path(_ settings: Settings) -> String {
        settings.dataDirectory + "/secret.key"
    }

    public static func load(settings: Settings, random: any RandomSource = SystemRandomSource()) throws -> Keys {
        let configuredFallbacks = try settings.secretKeyFallbacks.map { text in
            guard let key = decode(text) else { throw SettingsError(problems: ["secret_key_fallbacks must list base64 encodings of 32 bytes"]) }
            return key
        }
        if let configured = settings.secretKey {
            guard let key = decode(configured) else { throw SettingsError(problems: ["secret_key must be the base64 encoding of 32 bytes"]) }
            return Keys(current: key, fallbacks: configuredFallbacks)
        }
        let path = path(settings)
        if let lines = try readFile(path) {
            return Keys(current: lines[0], fallbacks: Array(lines.dropFirst()) + configuredFallbacks)
        }
        try FileManager.default.createDirectory(atPath: settings.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = random.bytes(byteCount)
        try writeNewPrivateFile(path, contents: Data(key).base64EncodedString() + "\n")
        return Keys(current: key, fallbacks: configuredFallbacks)
    }

    /// The keys in `path`, one base64 key per line (blank lines and `#` comments skipped), the current
    /// first; nil when there is no such file.
    static func readFile(_ path: String) throws -> [[UInt8]]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var keys: [[UInt8]] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let key = decode(trimmed) else { throw SettingsError(problems: ["\(path) holds a line that is not a base64-encoded 32-byte key"]) }
            keys.append(key)
        }
        guard !keys.isEmpty else { throw SettingsError(problems: ["\(path) does not hold a base64-encoded 32-byte key"]) }
        return keys
    }

    /// Puts a new random key first in `<data_dir>/secret.key`, keeping the others as fallbacks; returns
    /// the new key. The new file is written next to it (`secret.key.new`, created exclusively: a second
    /// rotation at the same time fails instead of losing a key), synced, given the old file's owner, and
    /// renamed over it, so the file is never half-written. The keys are read only once that file is held.
    public static func rotateFile(settings: Settings, random: any RandomSource = SystemRandomSource()) throws -> [UInt8] {
        let path = path(settings)
        var status = stat()
        guard lstat(path, &status) == 0 else { throw SettingsError(problems: ["\(path) does not exist yet: start the server or run migrate once"]) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw SettingsError(problems: ["\(path) is not a regular file (a link?): rotate where it points, or set secret_key instead"])
        }
        let temporary = path + ".new"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw SettingsError(problems: ["cannot create \(temporary) (\(String(cString: strerror(errno)))): another rotation is running, or one was interrupted; remove it if none runs"])
        }
        var renamed = false
        defer {
            close(fd)
            if !renamed { unlink(temporary) }
        }
        guard let existing = try readFile(path) else { throw SettingsError(problems: ["\(path) disappeared"]) }
        let key = random.bytes(byteCount)
        let bytes = Array((([key] + existing).map { Data($0).base64EncodedString() }.joined(separator: "\n") + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else { throw SettingsError(problems: ["cannot write \(temporary)"]) }
        if status.st_uid != geteuid() || status.st_gid != getegid() {
            guard fchown(fd, status.st_uid, status.st_gid) == 0 else {
                throw SettingsError(problems: ["cannot give \(temporary) the owner of \(path): run keys rotate as the user that owns it"])
            }
        }
        guard rename(temporary, path) == 0 else {
            throw SettingsError(problems: ["cannot replace \(path): \(String(cString: strerror(errno)))"])
        }
        renamed = true
        let directory = open(settings.dataDirectory, O_RDONLY)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
        return key
    }
}

/// Creates `path` with mode 0600 from the start (O_EXCL: never overwrites, never world-readable for an
/// instant) and writes `contents`.
func writeNewPrivateFile(_ path: String, contents: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
    guard fd >= 0 else { throw SettingsError(problems: ["cannot create \(path): \(String(cString: strerror(errno)))"]) }
    defer { close(fd) }
    let bytes = Array(contents.utf8)
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    guard written == bytes.count else { throw SettingsError(problems: ["cannot write \(path)"]) }
}
