/// Browser (or client) family and major version for a User-Agent that is not a bot; the first rule
/// that applies wins, so products that embed Chrome or Safari tokens (Yandex, Opera, Edge, Electron,
/// …) come before them.
enum BrowserRules {
    static func detect(_ ua: UATokens, os: String) -> (family: String, major: String?) {
        let android = os == "Android"
        for (key, family) in Key.embedders {
            if let product = ua.product(key) { return (family, ua.major(of: product)) }
        }
        if let product = ua.product(Key.opera) {
            return (android && ua.containsWord(Key.mobile) ? "Opera Mobile" : "Opera", ua.major(of: product))
        }
        for (key, family) in Key.edges {
            if let product = ua.product(key) {
                let phone = key == Key.edgeAndroid || key == Key.edgeIOS || os == "Windows Phone"
                return (phone ? "Edge Mobile" : family, ua.major(of: product))
            }
        }
        if let chrome = ua.product(Key.chrome) {
            let family = if !android {
                "Chrome"
            } else if ua.contains(Key.webView) {
                "Chrome Mobile WebView"
            } else {
                ua.containsWord(Key.mobile) ? "Chrome Mobile" : "Chrome"
            }
            return (family, ua.major(of: chrome))
        }
        if let firefox = ua.product(Key.firefox) {
            return (android ? "Firefox Mobile" : "Firefox", ua.major(of: firefox))
        }
        if let ie = internetExplorer(ua) { return ie }
        if let webKit = webKitBrowser(ua, os: os) { return webKit }
        return tool(ua)
    }

    /// IE 11 says "Trident/7.0; rv:11.0"; IE ≤ 10 says "MSIE 10.0".
    private static func internetExplorer(_ ua: UATokens) -> (String, String?)? {
        if let end = ua.end(of: Key.msie) { return ("IE", ua.digits(at: end)) }
        if ua.product(Key.trident) != nil, let end = ua.end(of: Key.revision) { return ("IE", ua.digits(at: end)) }
        return nil
    }

    /// Safari and other WebKit shells that report their own version in "Version/…".
    private static func webKitBrowser(_ ua: UATokens, os: String) -> (String, String?)? {
        let version = ua.product(Key.version).flatMap { ua.major(of: $0) }
        if ua.product(Key.safari) != nil, let version {
            switch os {
            case "iOS": return ("Mobile Safari", version)
            case "Android": return ("Android", version)
            default: return ("Safari", version)
            }
        }
        if os == "iOS", ua.product(Key.appleWebKit) != nil { return ("Mobile Safari UI/WKWebView", nil) }
        if ua.product(Key.presto) != nil { return ("Opera", version) }
        return nil
    }

    /// Command-line and library clients: a leading `Name/Version` that is not "Mozilla".
    private static func tool(_ ua: UATokens) -> (String, String?) {
        guard !ua.startsWith(Key.mozilla), let first = ua.products.first, first.name.lowerBound == 0 else {
            return ("Other", nil)
        }
        let name = ua.name(of: first)
        return (Key.toolNames[name] ?? name, ua.major(of: first))
    }

    private enum Key {
        static let mobile = bytes("Mobile")
        /// Products that carry a Chrome token but must win over it.
        static let embedders: [([UInt8], String)] = [
            (bytes("Electron"), "Electron"), (bytes("YaBrowser"), "Yandex Browser"),
            (bytes("SamsungBrowser"), "Samsung Internet"), (bytes("CriOS"), "Chrome Mobile iOS"),
            (bytes("FxiOS"), "Firefox iOS"), (bytes("HeadlessChrome"), "HeadlessChrome"),
            (bytes("Chromium"), "Chromium"),
        ]
        static let opera = bytes("OPR")
        static let edgeAndroid = bytes("EdgA")
        static let edgeIOS = bytes("EdgiOS")
        static let edges: [([UInt8], String)] = [
            (edgeAndroid, "Edge Mobile"), (edgeIOS, "Edge Mobile"), (bytes("Edg"), "Edge"), (bytes("Edge"), "Edge"),
        ]
        static let chrome = bytes("Chrome")
        static let webView = bytes("; wv)")
        static let firefox = bytes("Firefox")
        static let msie = bytes("MSIE ")
        static let trident = bytes("Trident")
        static let revision = bytes("rv:")
        static let version = bytes("Version")
        static let safari = bytes("Safari")
        static let appleWebKit = bytes("AppleWebKit")
        static let presto = bytes("Presto")
        static let mozilla = bytes("Mozilla/")
        static let toolNames = ["python-requests": "Python Requests"]
    }
}
