extension UserAgentInfo {
    /// Browser families the parser names from its own rules, and well-known tools and crawlers. Any
    /// other family was copied from the User-Agent text as written (a tool's or a bot's product name),
    /// which anyone can set: show it to a person as "Other", never as it came.
    public static let recognisedBrowserFamilies: Set<String> = [
        // Browsers (BrowserRules)
        "Chrome", "Chrome Mobile", "Chrome Mobile WebView", "Chrome Mobile iOS", "Chromium", "HeadlessChrome", "Firefox",
        "Firefox Mobile", "Firefox iOS", "Safari", "Mobile Safari", "Mobile Safari UI/WKWebView", "Edge", "Edge Mobile",
        "Opera", "Opera Mobile", "Yandex Browser", "Samsung Internet", "Electron", "IE", "Android", "Python Requests",
        // Command-line tools and HTTP libraries
        "curl", "Wget", "HTTPie", "PostmanRuntime", "Go-http-client", "okhttp", "axios", "node-fetch", "undici",
        "Python-urllib", "aiohttp", "Apache-HttpClient", "Java", "libwww-perl", "Ruby", "Faraday", "Dalvik",
        // Crawlers
        "Googlebot", "Googlebot-Image", "AdsBot-Google", "bingbot", "YandexBot", "YandexMobileBot", "Applebot",
        "Baiduspider", "DuckDuckBot", "facebookexternalhit", "Twitterbot", "Slackbot",
    ]

    /// The browser family as a person may be shown it: recognised, or "Other".
    public var recognisedBrowserFamily: String {
        Self.recognisedBrowserFamilies.contains(browserFamily) ? browserFamily : "Other"
    }
}
