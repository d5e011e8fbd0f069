/// Turns a `User-Agent` header into browser, OS and device type, following uap-core's names.
///
/// An ordered list of rules over the string's `Name/Version` tokens and a few fixed markers; no
/// regular expressions. Only the first ``maximumLength`` bytes are read.
public enum UserAgentParser {
    public static let maximumLength = 1024

    public static func parse(_ userAgent: String) -> UserAgentInfo {
        let utf8 = userAgent.utf8
        let bytes = utf8.withContiguousStorageIfAvailable { Array($0.prefix(maximumLength)) }
            ?? Array(utf8.prefix(maximumLength))
        let ua = UATokens(bytes)
        let os = OperatingSystemRules.detect(ua)
        let bot = BotRule.match(ua)
        let browser = bot ?? BrowserRules.detect(ua, os: os.family)
        return UserAgentInfo(
            browserFamily: browser.family, browserMajor: browser.major,
            osFamily: os.family, osMajor: os.major,
            deviceType: DeviceRules.classify(ua, osFamily: os.family, isBot: bot != nil))
    }
}
