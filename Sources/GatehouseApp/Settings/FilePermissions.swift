import Foundation
import GatehouseHTTP
import GatehouseStorage

/// Gatehouse's files hold password hashes, sealed secrets and the key everything is derived from:
/// they are private to the user the server runs as.
public enum FilePermissions {
    /// Every file and directory the process creates from now on is private (umask 077).
    public static func restrictProcessUmask() {
        umask(0o077)
    }

    /// The permission bits of `path`, or nil when it does not exist.
    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o777
    }

    /// Warnings for the secret key file and the SQLite database files that group or others can read
    /// or write, for `serve` and `config check`.
    static func warnings(_ settings: Settings) -> [String] {
        var paths: [String] = []
        if settings.secretKey == nil { paths.append(settings.dataDirectory + "/secret.key") }
        if case .sqlite(let path)? = try? settings.databaseLocation() {
            paths += [path, path + "-wal", path + "-shm"]
        }
        return paths.compactMap { path in
            guard let mode = mode(path), mode & 0o077 != 0 else { return nil }
            return "\(path) has mode \(String(mode, radix: 8)): group or others can read it; run chmod 600 \(path)"
        }
    }
}

/// The process's limit on open files, which bounds how many connections can be accepted.
public enum OpenFileLimit {
    #if os(Linux)
    static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    static let resource = RLIMIT_NOFILE
    #endif

    public static func current() -> Int? {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return nil }
        return limit.rlim_cur >= rlim_t(Int32.max) ? nil : Int(clamping: limit.rlim_cur)
    }

    /// Raises the soft limit to the hard one (the usual 1,024 runs out under a connection flood).
    public static func raiseToHardLimit() {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(resource, &limit)
    }
}
