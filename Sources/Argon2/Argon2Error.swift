/// Every way an input can be rejected. Nothing in this module traps on bad input.
public enum Argon2Error: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidPasswordLength(Int)
    case invalidSaltLength(Int)
    case invalidSecretLength(Int)
    case invalidAssociatedDataLength(Int)
    case invalidHashLength(Int)
    /// Memory must be at least 8 KiB per lane and at most `Argon2Parameters.maximumMemoryKiB`.
    case invalidMemory(memoryKiB: UInt32, parallelism: UInt32)
    case invalidIterations(UInt32)
    case invalidParallelism(UInt32)
    case invalidBlake2bParameters(outputLength: Int, keyLength: Int)
    /// The string is not a well-formed `$argon2…$v=19$m=…,t=…,p=…$salt$hash`.
    case malformedPHCString(reason: String)
    case unsupportedVariant(String)
    case unsupportedVersion(UInt32)

    public var description: String {
        switch self {
        case .invalidPasswordLength(let n): "invalid password length \(n)"
        case .invalidSaltLength(let n): "invalid salt length \(n)"
        case .invalidSecretLength(let n): "invalid secret length \(n)"
        case .invalidAssociatedDataLength(let n): "invalid associated data length \(n)"
        case .invalidHashLength(let n): "invalid hash length \(n)"
        case .invalidMemory(let m, let p): "invalid memory \(m) KiB for parallelism \(p)"
        case .invalidIterations(let t): "invalid iteration count \(t)"
        case .invalidParallelism(let p): "invalid parallelism \(p)"
        case .invalidBlake2bParameters(let n, let k): "invalid BLAKE2b output length \(n) or key length \(k)"
        case .malformedPHCString(let reason): "malformed PHC string: \(reason)"
        case .unsupportedVariant(let v): "unsupported variant \(v)"
        case .unsupportedVersion(let v): "unsupported version \(v)"
        }
    }
}
