import GatehouseCore
import Testing

@Suite("Client addresses")
struct ClientAddressTests {
    let resolver = ClientAddressResolver(trustedProxies: [IPNetwork("10.0.0.0/8")!, IPNetwork("::1")!])

    @Test("addresses parse, IPv4-mapped IPv6 counts as IPv4, garbage does not parse")
    func parsing() {
        #expect(IPAddress("192.0.2.7")?.description == "192.0.2.7")
        #expect(IPAddress("::ffff:192.0.2.7")?.description == "192.0.2.7")
        #expect(IPAddress("[2001:db8::1]")?.description == "2001:db8::1")
        #expect(IPAddress("2001:db8::1%eth0")?.description == "2001:db8::1")
        #expect(IPAddress(" \t192.0.2.7 ")?.description == "192.0.2.7", "blanks around an X-Forwarded-For entry")
        #expect(IPAddress(" [2001:db8::1] ")?.description == "2001:db8::1")
        for bad in ["", " ", "300.1.1.1", "example.com", "1.2.3", "::g", "[]", "1.2.3.4 5"] { #expect(IPAddress(bad) == nil, "\(bad)") }
    }

    @Test("IPv6 clients are keyed by their /64, IPv4 clients by their address")
    func rateLimitKeys() {
        #expect(IPAddress("2001:db8:1:2:aaaa::1")?.rateLimitKey == IPAddress("2001:db8:1:2:bbbb::9")?.rateLimitKey)
        #expect(IPAddress("2001:db8:1:2::1")?.rateLimitKey != IPAddress("2001:db8:1:3::1")?.rateLimitKey)
        #expect(IPAddress("192.0.2.7")?.rateLimitKey == "192.0.2.7")
    }

    @Test("CIDR ranges contain what they should")
    func ranges() {
        #expect(IPNetwork("10.0.0.0/8")!.contains(IPAddress("10.200.3.4")!))
        #expect(!IPNetwork("10.0.0.0/8")!.contains(IPAddress("11.0.0.1")!))
        #expect(IPNetwork("2001:db8::/32")!.contains(IPAddress("2001:db8:ffff::1")!))
        #expect(!IPNetwork("2001:db8::/32")!.contains(IPAddress("10.0.0.1")!))
        #expect(IPNetwork("192.168.1.0/33") == nil)
        #expect(IPNetwork("0.0.0.0/0")!.contains(IPAddress("203.0.113.9")!))
    }

    @Test("X-Forwarded-For from an untrusted peer is ignored, however it rotates")
    func untrustedPeer() {
        let peer = IPAddress("203.0.113.9")
        for forged in ["1.1.1.1", "2.2.2.2, 10.0.0.1", "::1"] {
            #expect(resolver.clientAddress(peer: peer, forwardedFor: [forged]) == peer)
        }
    }

    @Test("behind trusted proxies the header is read right to left up to the first untrusted hop")
    func trustedChain() {
        let proxy = IPAddress("10.0.0.2")
        #expect(resolver.clientAddress(peer: proxy, forwardedFor: ["198.51.100.1, 203.0.113.5, 10.0.0.7"])?.description == "203.0.113.5")
        #expect(resolver.clientAddress(peer: proxy, forwardedFor: ["198.51.100.1", "203.0.113.5"])?.description == "203.0.113.5")
        #expect(resolver.clientAddress(peer: proxy, forwardedFor: [])?.description == "10.0.0.2")
        #expect(resolver.clientAddress(peer: proxy, forwardedFor: ["garbage, 203.0.113.5"])?.description == "203.0.113.5")
        #expect(resolver.clientAddress(peer: proxy, forwardedFor: ["203.0.113.5, garbage"])?.description == "10.0.0.2")
    }

    @Test("trusted_proxies parses lists and names a bad entry")
    func parseList() throws {
        #expect(try ClientAddressResolver.parse("10.0.0.0/8, 2001:db8::/32,127.0.0.1").get().trustedProxies.count == 3)
        #expect(throws: GatehouseError.self) { try ClientAddressResolver.parse("10.0.0.0/8, proxy.internal").get() }
    }

    @Test("the network key is the IPv6 /48 (none for IPv4); loopback is recognised in both families")
    func networkKeyAndLoopback() throws {
        let a = try #require(IPAddress("2001:db8:1:2::1")), b = try #require(IPAddress("2001:db8:1:ffff::9")), c = try #require(IPAddress("2001:db8:2::1"))
        #expect(a.networkRateLimitKey == b.networkRateLimitKey)
        #expect(a.networkRateLimitKey != c.networkRateLimitKey)
        #expect(a.rateLimitKey != b.rateLimitKey)
        #expect(IPAddress("192.0.2.1")?.networkRateLimitKey == nil)
        #expect(IPAddress("::ffff:192.0.2.1")?.networkRateLimitKey == nil, "an IPv4-mapped address is IPv4")
        #expect(IPAddress("127.0.0.1")?.isLoopback == true && IPAddress("127.9.9.9")?.isLoopback == true && IPAddress("::1")?.isLoopback == true)
        #expect(IPAddress("::ffff:127.0.0.1")?.isLoopback == true)
        #expect(IPAddress("10.0.0.1")?.isLoopback == false && IPAddress("::2")?.isLoopback == false)
    }
}
