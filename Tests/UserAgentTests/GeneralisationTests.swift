import Testing
import UserAgent

/// Strings the rules were not written against, checked against uap-core 0.16.0's answers, plus
/// hostile input. They guard against rules that memorise rather than generalise.
@Suite("Generalisation and hostile input")
struct GeneralisationTests {
    static let probes: [Expectation] = [
        Expectation("opera-android-tablet",
                    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/86.0.0.0",
                    "Opera", "86", "Android", "10", .tablet, why: "uap-core: Opera Mobile only with `Mobile`"),
        Expectation("edge-android-tablet",
                    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 EdgA/131.0.0.0",
                    "Edge Mobile", "131", "Android", "10", .tablet, why: "uap-core: EdgA is always Edge Mobile"),
        Expectation("android-stock-browser",
                    "Mozilla/5.0 (Linux; U; Android 4.0.3; ko-kr; LG-L160L Build/IML74K) AppleWebkit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30",
                    "Android", "4", "Android", "4", .mobile, why: "pre-Chrome Android browser"),
        Expectation("ios-wkwebview",
                    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
                    "Mobile Safari UI/WKWebView", nil, "iOS", "17", .mobile, why: "in-app browser without Version/"),
        Expectation("postman", "PostmanRuntime/7.36.0", "PostmanRuntime", "7", "Other", nil, .other,
                    why: "unknown tool: its own name"),
        Expectation("firefox-windows-xp", "Mozilla/5.0 (Windows NT 5.1; rv:52.0) Gecko/20100101 Firefox/52.0",
                    "Firefox", "52", "Windows", "XP", .desktop, why: "NT 5.1"),
        Expectation("firefox-windows-vista", "Mozilla/5.0 (Windows NT 6.0; rv:52.0) Gecko/20100101 Firefox/52.0",
                    "Firefox", "52", "Windows", "Vista", .desktop, why: "NT 6.0"),
        Expectation("firefox-windows-8", "Mozilla/5.0 (Windows NT 6.2; rv:52.0) Gecko/20100101 Firefox/52.0",
                    "Firefox", "52", "Windows", "8", .desktop, why: "NT 6.2"),
        Expectation("ie10", "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; Trident/6.0)",
                    "IE", "10", "Windows", "7", .desktop, why: "MSIE token"),
        Expectation("firefox-debian", "Mozilla/5.0 (X11; Debian; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
                    "Firefox", "128", "Debian", nil, .desktop, why: "distribution token"),
        Expectation("firefox-freebsd", "Mozilla/5.0 (X11; FreeBSD amd64; rv:128.0) Gecko/20100101 Firefox/128.0",
                    "Firefox", "128", "FreeBSD", nil, .desktop, why: "BSD"),
        Expectation("baiduspider", "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
                    "Baiduspider", "2", "Other", nil, .bot, why: "spider"),
        Expectation("duckduckbot", "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)",
                    "DuckDuckBot", "1", "Other", nil, .bot, why: "bot without Mozilla/"),
        Expectation("edge-windows-phone",
                    "Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116 Mobile Safari/537.36 Edge/15.15063",
                    "Edge Mobile", "15", "Windows Phone", "10", .mobile, why: "Windows Phone claims Android too"),
        Expectation("opera-presto", "Opera/9.80 (Windows NT 6.1; WOW64) Presto/2.12.388 Version/12.18",
                    "Opera", "12", "Windows", "7", .desktop, why: "Presto Opera's real version is Version/"),
    ]

    @Test("Unseen strings agree with uap-core", arguments: probes)
    func probe(_ expectation: Expectation) {
        #expect(UserAgentParser.parse(expectation.userAgent) == expectation.expected, "\(expectation.why)")
    }

    @Test("Garbage, non-ASCII and oversized input parse without trapping",
          arguments: ["/", "//", "/ / /", "(", ")", "((((", "Mozilla/", "Chrome/", "Chrome/x", "Android",
                      "CrOS ", "Windows NT ", "Windows NT 6.", "OS ", "Браузер/1.0 (Линукс)", "\u{0}\u{1}", "🙂/🙂"])
    func garbage(_ text: String) {
        _ = UserAgentParser.parse(text)
    }

    @Test("Only the first 1024 bytes are read")
    func oversized() {
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
        let huge = chrome + String(repeating: " x", count: 100_000) + " Googlebot/2.1"
        let info = UserAgentParser.parse(huge)
        #expect(info.browserFamily == "Chrome")
        #expect(info.deviceType == .desktop)
    }

    @Test("description reads as one line")
    func description() {
        let info = UserAgentParser.parse("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
        #expect(info.description == "Firefox 128 · Linux · desktop")
    }
}
