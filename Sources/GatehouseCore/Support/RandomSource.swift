import Foundation

/// Where secrets come from. The default is the operating system's CSPRNG; tests may inject their own.
public protocol RandomSource: Sendable {
    func bytes(_ count: Int) -> [UInt8]
}

public struct SystemRandomSource: RandomSource {
    public init() {}

    public func bytes(_ count: Int) -> [UInt8] {
        // SystemRandomNumberGenerator reads getrandom(2) on Linux and arc4random on Darwin.
        var generator = SystemRandomNumberGenerator()
        var out = [UInt8](repeating: 0, count: count)
        var index = 0
        while index < count {
            var word = generator.next()
            for _ in 0..<min(8, count - index) {
                out[index] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                index += 1
            }
        }
        return out
    }
}

extension RandomSource {
    /// A time-ordered UUID (version 7): rows inserted together sit together in B-tree indexes.
    public func uuidV7(at date: Date) -> UUID {
        var bytes = self.bytes(16)
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: millis >> (40 - 8 * UInt64(i))) }
        bytes[6] = (bytes[6] & 0x0F) | 0x70
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    public func accountID(at date: Date) -> AccountID {
        AccountID(rawValue: uuidV7(at: date).uuidString.lowercased())
    }
}
