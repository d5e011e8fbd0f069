/// Crawlers name themselves in a product token: `Googlebot/2.1`, `YandexBot/3.0`, `bingbot/2.0`,
/// `Applebot/0.1`, `Baiduspider/2.0`, … A token whose name ends in "bot" or contains "spider" or
/// "crawler" (any case) marks a bot; the family is that name as written.
enum BotRule {
    static func match(_ ua: UATokens) -> (family: String, major: String?)? {
        for product in ua.products where isBotName(ua.bytes, product.name) {
            return (ua.name(of: product), ua.major(of: product))
        }
        return nil
    }

    private static func isBotName(_ bytes: [UInt8], _ name: Range<Int>) -> Bool {
        guard name.count > 3 else { return false }
        return matchesFolded(bytes, at: name.upperBound - 3, bot)
            || name.contains { matchesFolded(bytes, at: $0, spider, within: name) }
            || name.contains { matchesFolded(bytes, at: $0, crawler, within: name) }
    }

    /// `bytes[start...]` starts with lowercase `needle`, ignoring ASCII case, inside `within`.
    private static func matchesFolded(_ bytes: [UInt8], at start: Int, _ needle: [UInt8],
                                      within: Range<Int>? = nil) -> Bool {
        let end = start + needle.count
        guard end <= (within?.upperBound ?? bytes.count) else { return false }
        for offset in 0..<needle.count where bytes[start + offset] | 0x20 != needle[offset] {
            return false
        }
        return true
    }

    private static let bot = bytes("bot")
    private static let spider = bytes("spider")
    private static let crawler = bytes("crawler")
}
