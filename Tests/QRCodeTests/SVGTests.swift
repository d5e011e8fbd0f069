import Testing
@testable import QRCode

@Suite("SVG output")
struct SVGTests {
    let code: QRCode
    init() throws { code = try QRCode(text: "otpauth://totp/Gatehouse:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Gatehouse") }

    @Test("standalone SVG: xmlns, viewBox in modules incl. 4-module quiet zone, pixel size from moduleSize, crispEdges")
    func rootElement() {
        let svg = code.svg(moduleSize: 5)
        let extent = code.size + 8
        #expect(svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg""#))
        #expect(svg.contains(#" width="\#(extent * 5)" height="\#(extent * 5)""#))
        #expect(svg.contains(#" viewBox="0 0 \#(extent) \#(extent)""#))
        #expect(svg.contains(#"shape-rendering="crispEdges""#))
        #expect(svg.hasSuffix("</svg>"))
    }

    @Test("one white background rect and exactly one black path; no style, script or title by default")
    func content() {
        let svg = code.svg()
        #expect(svg.contains(##"<rect width="\##(code.size + 8)" height="\##(code.size + 8)" fill="#fff"/>"##))
        #expect(svg.split(separator: "<path", omittingEmptySubsequences: false).count == 2)
        #expect(svg.contains(##"<path fill="#000" d="M"##))
        for forbidden in ["style", "<script", "<title", "href"] {
            #expect(!svg.contains(forbidden), "found \(forbidden)")
        }
        #expect(!svg.contains(" on"))  // no event-handler attributes
    }

    @Test("path covers exactly the dark modules, one rectangle per horizontal run, offset by the quiet zone")
    func pathMatchesModules() throws {
        var covered = Set<[Int]>()
        var runs = 0
        for command in code.darkModulesPath().split(separator: "z") {
            // "M{x} {y}h{n}v1h-{n}"
            let parts = command.dropFirst().split(whereSeparator: { " hv".contains($0) })
            let x = try #require(Int(parts[0])), y = try #require(Int(parts[1])), n = try #require(Int(parts[2]))
            #expect(parts[3] == "1" && parts[4] == "-\(n)")
            for dx in 0..<n { covered.insert([x - 4 + dx, y - 4]) }
            #expect(!code.isDark(x: x - 5, y: y - 4) && !code.isDark(x: x - 4 + n, y: y - 4), "runs are maximal")
            runs += 1
        }
        var dark = Set<[Int]>()
        for y in 0..<code.size { for x in 0..<code.size where code.isDark(x: x, y: y) { dark.insert([x, y]) } }
        #expect(covered == dark)
        #expect(runs < dark.count * 2 / 3, "horizontal runs are merged")
    }

    @Test("title becomes an escaped <title> and aria-label; XML-invalid control characters are dropped")
    func titleEscaping() {
        let svg = code.svg(title: "Scan <me> & \"you'll\" see\u{0}\u{1B} Шлюз")
        let escaped = "Scan &lt;me&gt; &amp; &quot;you&apos;ll&quot; see Шлюз"
        #expect(svg.contains("<title>\(escaped)</title>"))
        #expect(svg.contains(#"role="img" aria-label="\#(escaped)""#))
        #expect(!svg.contains("\u{0}") && !svg.contains("\u{1B}"))
    }

    @Test("moduleSize below 1 is clamped to 1 pixel per module")
    func moduleSizeClamp() {
        #expect(code.svg(moduleSize: 0).contains(#" width="\#(code.size + 8)""#))
    }
}
