import Foundation
import GatehouseCore

/// The server's 32-byte secret, from which keys for encryption and keyed hashes are derived (HKDF).
/// Taken from `secret_key` when set; otherwise read from `<data_dir>/secret.key`, which is created with
/// mode 0600 on first start. Losing it makes every encrypted TOTP secret unreadable.
public enum SecretKey {
    public static let byteCount = 32

    public static func decode(_ base64: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)),
              data.count == byteCount else { return nil }
        return Array(data)
    }

    public static func load(settings: Settings, random: any RandomSource = SystemRandomSource()) throws -> [UInt8] {
        if let configured = settings.secretKey {
            guard let key = decode(configured) else { throw SettingsError(problems: ["secret_key must be the base64 encoding of 32 bytes"]) }
            return key
        }
        let path = settings.dataDirectory + "/secret.key"
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            guard let key = decode(text) else {
                throw SettingsError(problems: ["\(path) does not hold a base64-encoded 32-byte key"])
            }
            return key
        }
        try manager.createDirectory(atPath: settings.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = random.bytes(byteCount)
        try writeNewPrivateFile(path, contents: Data(key).base64EncodedString() + "\n")
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
