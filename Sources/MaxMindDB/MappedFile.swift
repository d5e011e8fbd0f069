#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The read-only bytes of a database: a private, read-only memory mapping of the file,
/// or (if `mmap` fails, or for in-memory databases) an owned heap copy.
///
/// `@unchecked Sendable`: `bytes` is never written after `init` and stays valid until
/// `deinit`, so sharing the instance across threads is safe.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    let isMemoryMapped: Bool

    init(path: String) throws(MaxMindDBError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: Self.errnoDescription()) }
        defer { close(fd) }

        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .cannotOpen(path: path, reason: Self.errnoDescription()) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .cannotOpen(path: path, reason: "not a regular file") }
        let size = Int(info.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            isMemoryMapped = false
            return
        }

        if let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0),
           address != UnsafeMutableRawPointer(bitPattern: -1) {
            bytes = UnsafeRawBufferPointer(start: address, count: size)
            isMemoryMapped = true
            return
        }

        // mmap failed (e.g. a filesystem without mmap support): read the file once.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        var filled = 0
        while filled < size {
            let result = pread(fd, buffer.baseAddress.map { $0 + filled }, size - filled, off_t(filled))
            if result < 0, errno == EINTR { continue }
            guard result > 0 else {
                let reason = result == 0 ? "file shrank while reading" : Self.errnoDescription()
                buffer.deallocate()
                throw .cannotOpen(path: path, reason: reason)
            }
            filled += result
        }
        bytes = UnsafeRawBufferPointer(buffer)
        isMemoryMapped = false
    }

    /// An owned heap copy of `source`.
    init(copying source: UnsafeRawBufferPointer) {
        isMemoryMapped = false
        guard source.count > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: source.count, alignment: 16)
        buffer.copyMemory(from: source)
        bytes = UnsafeRawBufferPointer(buffer)
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if isMemoryMapped {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        } else {
            base.deallocate()
        }
    }

    private static func errnoDescription() -> String {
        let code = errno
        guard let message = strerror(code) else { return "errno \(code)" }
        return String(cString: message)
    }
}
