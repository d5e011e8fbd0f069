/// Operating system family and major version, first match wins.
enum OperatingSystemRules {
    static func detect(_ ua: UATokens) -> (family: String, major: String?) {
        if let end = ua.end(of: Key.windowsPhone) {
            return ("Windows Phone", ua.digits(at: end))
        }
        if ua.containsWord(Key.android) {
            return ("Android", ua.end(of: Key.androidSpace).flatMap { ua.digits(at: $0) })
        }
        if let end = ua.end(of: Key.chromeOS) {
            // "CrOS x86_64 14541.0.0": the major is the platform build after the architecture.
            var index = end
            while index < ua.bytes.count, ua.bytes[index] != UInt8(ascii: " "), ua.bytes[index] != UInt8(ascii: ")") {
                index += 1
            }
            return ("Chrome OS", ua.digits(at: index + 1))
        }
        if ua.contains(Key.iPhone) || ua.contains(Key.iPad) || ua.contains(Key.iPod) {
            // "CPU iPhone OS 18_1 like Mac OS X", "CPU OS 12_5_7 like Mac OS X".
            return ("iOS", ua.end(of: Key.iOSVersion).flatMap { ua.digits(at: $0) })
        }
        if let end = ua.end(of: Key.macOSX) {
            return ("Mac OS X", ua.digits(at: end))
        }
        if let end = ua.end(of: Key.windowsNT) {
            return ("Windows", windowsMajor(ua, at: end))
        }
        if ua.containsWord(Key.windows) { return ("Windows", nil) }
        for (key, family) in Key.unversioned where ua.containsWord(key) {
            return (family, nil)
        }
        return ("Other", nil)
    }

    /// uap-core names Windows by marketing version: NT 10.0 → 10 (Windows 11 too), 6.3 and 6.2 → 8,
    /// 6.1 → 7, 6.0 → Vista, 5.1 and 5.2 → XP.
    private static func windowsMajor(_ ua: UATokens, at index: Int) -> String? {
        guard let major = ua.digits(at: index) else { return nil }
        let minorIndex = index + major.utf8.count + 1
        let minor = minorIndex < ua.bytes.count && ua.bytes[minorIndex - 1] == UInt8(ascii: ".")
            ? ua.digits(at: minorIndex) : nil
        switch (major, minor) {
        case ("6", "2"), ("6", "3"): return "8"
        case ("6", "1"): return "7"
        case ("6", "0"): return "Vista"
        case ("5", "1"), ("5", "2"): return "XP"
        default: return major
        }
    }

    private enum Key {
        static let windowsPhone = bytes("Windows Phone ")
        static let android = bytes("Android")
        static let androidSpace = bytes("Android ")
        static let chromeOS = bytes("CrOS ")
        static let iPhone = bytes("iPhone")
        static let iPad = bytes("iPad")
        static let iPod = bytes("iPod")
        static let iOSVersion = bytes("OS ")
        static let macOSX = bytes("Mac OS X ")
        static let windowsNT = bytes("Windows NT ")
        static let windows = bytes("Windows")
        /// Checked in order after everything above; distributions before plain Linux.
        static let unversioned: [([UInt8], String)] = [
            (bytes("Ubuntu"), "Ubuntu"), (bytes("Fedora"), "Fedora"), (bytes("Debian"), "Debian"),
            (bytes("FreeBSD"), "FreeBSD"), (bytes("OpenBSD"), "OpenBSD"), (bytes("NetBSD"), "NetBSD"),
            (bytes("Linux"), "Linux"),
        ]
    }
}
