/// Form factor, by the rule in the test data's README: bot, then tablet, mobile, desktop, other.
///
/// iPadOS 13+ Safari sends a macOS User-Agent, so such an iPad reads as desktop: nothing in the
/// header tells them apart.
enum DeviceRules {
    static func classify(_ ua: UATokens, osFamily: String, isBot: Bool) -> DeviceType {
        if isBot { return .bot }
        switch osFamily {
        case "iOS":
            return ua.contains(iPad) ? .tablet : .mobile
        case "Android":
            // Android browsers leave out "Mobile" on tablets; Firefox says "Tablet".
            return ua.containsWord(mobile) && !ua.containsWord(tablet) ? .mobile : .tablet
        case "Windows Phone":
            return .mobile
        case "Windows", "Mac OS X", "Chrome OS", "Linux", "Ubuntu", "Fedora", "Debian", "FreeBSD", "OpenBSD", "NetBSD":
            return .desktop
        default:
            return .other
        }
    }

    private static let iPad = bytes("iPad")
    private static let mobile = bytes("Mobile")
    private static let tablet = bytes("Tablet")
}
