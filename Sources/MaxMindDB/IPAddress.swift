#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as 128 bits. IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) are
/// stored as IPv4 (`isMapped` remembers the spelling, for prefix lengths).
struct IPAddress {
    /// Bits 0–63 of an IPv6 address (0 for IPv4).
    let high: UInt64
    /// Bits 64–127 of an IPv6 address, or the IPv4 address in the low 32 bits.
    let low: UInt64
    let isIPv4: Bool
    let isMapped: Bool

    var ipv4: UInt32 { UInt32(truncatingIfNeeded: low) }

    private init(high: UInt64, low: UInt64, isIPv4: Bool, isMapped: Bool) {
        self.high = high
        self.low = low
        self.isIPv4 = isIPv4
        self.isMapped = isMapped
    }

    static func ipv4(_ value: UInt32) -> IPAddress {
        IPAddress(high: 0, low: UInt64(value), isIPv4: true, isMapped: false)
    }

    static func ipv6(high: UInt64, low: UInt64) -> IPAddress {
        if high == 0, low >> 32 == 0xFFFF {
            return IPAddress(high: 0, low: low & 0xFFFF_FFFF, isIPv4: true, isMapped: true)
        }
        return IPAddress(high: high, low: low, isIPv4: false, isMapped: false)
    }

    /// 4 bytes (IPv4) or 16 bytes (IPv6), network byte order.
    init?(bytes: [UInt8]) {
        switch bytes.count {
        case 4:
            self = .ipv4(bytes.reduce(0) { $0 << 8 | UInt32($1) })
        case 16:
            let high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
            let low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
            self = .ipv6(high: high, low: low)
        default:
            return nil
        }
    }

    /// Dotted-quad IPv4 or any RFC 4291 IPv6 text form; a `%zone` suffix is ignored.
    init?(_ text: String) {
        var text = text
        guard let parsed = text.withUTF8({ utf8 -> IPAddress? in
            var length = 0
            var isIPv6 = false
            while length < utf8.count, utf8[length] != UInt8(ascii: "%") {
                if utf8[length] == UInt8(ascii: ":") { isIPv6 = true }
                length += 1
            }
            let address = UnsafeBufferPointer(rebasing: utf8[0..<length])
            return isIPv6 ? Self.parseIPv6(address) : Self.parseIPv4(address).map { .ipv4($0) }
        }) else { return nil }
        self = parsed
    }

    /// Strict dotted quad as `inet_pton(AF_INET)` accepts it: four decimal octets, no leading zeros.
    static func parseIPv4(_ text: UnsafeBufferPointer<UInt8>) -> UInt32? {
        var result: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var dots = 0
        for unit in text {
            switch unit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if digits > 0, octet == 0 { return nil }
                octet = octet * 10 + UInt32(unit - UInt8(ascii: "0"))
                guard octet <= 255 else { return nil }
                digits += 1
            case UInt8(ascii: "."):
                guard digits > 0, dots < 3 else { return nil }
                result = result << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            default:
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        return result << 8 | octet
    }

    /// IPv6 text via `inet_pton(AF_INET6)` (handles `::`, embedded dotted quads, hex case).
    static func parseIPv6(_ text: UnsafeBufferPointer<UInt8>) -> IPAddress? {
        guard text.count < 64 else { return nil }
        var buffer = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &buffer) { raw -> IPAddress? in
            raw.copyMemory(from: UnsafeRawBufferPointer(text))
            raw[text.count] = 0
            guard let cString = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            var address = (UInt64(0), UInt64(0))
            return withUnsafeMutableBytes(of: &address) { out -> IPAddress? in
                guard inet_pton(AF_INET6, cString, out.baseAddress) == 1 else { return nil }
                var high: UInt64 = 0
                var low: UInt64 = 0
                for index in 0..<8 { high = high << 8 | UInt64(out[index]) }
                for index in 8..<16 { low = low << 8 | UInt64(out[index]) }
                return .ipv6(high: high, low: low)
            }
        }
    }
}
