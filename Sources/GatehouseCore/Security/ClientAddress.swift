import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as bytes (IPv4-mapped IPv6 addresses are treated as IPv4).
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(_ text: String) {
        // Parsed on every request (the peer, then X-Forwarded-For): byte work, no Foundation.
        var text = Substring(text).drop { $0 == " " || $0 == "\t" }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        if text.hasPrefix("[") && text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if let zone = text.firstIndex(of: "%") { text = text[..<zone] }
        let address = String(text)
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return nil }
        let raw = withUnsafeBytes(of: &v6) { Array($0) }
        if raw[0..<10].allSatisfy({ $0 == 0 }) && raw[10] == 0xFF && raw[11] == 0xFF {
            bytes = Array(raw[12..<16])
        } else {
            bytes = raw
        }
    }

    public var isIPv4: Bool { bytes.count == 4 }

    /// 127.0.0.0/8 or ::1 (an IPv4-mapped address is IPv4 already).
    public var isLoopback: Bool {
        isIPv4 ? bytes[0] == 127 : bytes == [UInt8](repeating: 0, count: 15) + [1]
    }

    public var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { $0.copyBytes(from: bytes) }
        guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The key rate limits use: the address itself for IPv4, its /64 network for IPv6 (one customer
    /// usually holds a whole /64, so per-address limits would be trivial to sidestep).
    public var rateLimitKey: String {
        isIPv4 ? description : SecretToken.hex(bytes.prefix(8)) + "::/64"
    }

    /// The /48 of an IPv6 address (what one site is usually given, so rotating /64s inside it stays
    /// in one budget); nil for IPv4, where the per-address key already is the whole client.
    public var networkRateLimitKey: String? {
        isIPv4 ? nil : SecretToken.hex(bytes.prefix(6)) + "::/48"
    }
}

/// An address range such as `10.0.0.0/8`, `2001:db8::/32` or a single address.
public struct IPNetwork: Sendable, Hashable {
    public let base: IPAddress
    public let prefixLength: Int

    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let base = IPAddress(String(first)) else { return nil }
        let maximum = base.bytes.count * 8
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...maximum).contains(length) else { return nil }
            prefixLength = length
        } else {
            prefixLength = maximum
        }
        self.base = base
    }

    public func contains(_ address: IPAddress) -> Bool {
        guard address.bytes.count == base.bytes.count else { return false }
        var remaining = prefixLength
        for index in base.bytes.indices where remaining > 0 {
            let bits = min(8, remaining)
            let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
            if address.bytes[index] & mask != base.bytes[index] & mask { return false }
            remaining -= bits
        }
        return true
    }
}

/// Works out the client's address: the socket peer, unless the peer is a trusted proxy; then
/// `X-Forwarded-For` is read right to left, skipping trusted proxies, and the first untrusted address
/// is the client. Anyone else's `X-Forwarded-For` is ignored, so rotating it gains nothing.
public struct ClientAddressResolver: Sendable {
    public let trustedProxies: [IPNetwork]

    public init(trustedProxies: [IPNetwork]) {
        self.trustedProxies = trustedProxies
    }

    /// Parses `trusted_proxies`; nil with the offending entry when one is not an address or range.
    public static func parse(_ list: String) -> Result<ClientAddressResolver, GatehouseError> {
        var networks: [IPNetwork] = []
        for entry in list.split(separator: ",") where !entry.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let network = IPNetwork(String(entry)) else {
                return .failure(.validation("trusted_proxies", "invalid", detail: "\(entry) is not an IP address or CIDR range"))
            }
            networks.append(network)
        }
        return .success(ClientAddressResolver(trustedProxies: networks))
    }

    func isTrusted(_ address: IPAddress) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }

    public func clientAddress(peer: IPAddress?, forwardedFor: [String]) -> IPAddress? {
        guard let peer else { return nil }
        guard isTrusted(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            guard let address = IPAddress(hop) else { return client }
            client = address
            if !isTrusted(address) { return address }
        }
        return client
    }
}
