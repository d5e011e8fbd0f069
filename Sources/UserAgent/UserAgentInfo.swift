/// The form factor a User-Agent string suggests.
public enum DeviceType: String, CaseIterable, Sendable {
    case desktop, mobile, tablet, bot, other
}

/// What a User-Agent string says, in uap-core's vocabulary ("Chrome Mobile", "Mac OS X", …);
/// unknown families are `"Other"` and unknown versions nil.
public struct UserAgentInfo: Hashable, Sendable {
    public var browserFamily: String
    public var browserMajor: String?
    public var osFamily: String
    public var osMajor: String?
    public var deviceType: DeviceType

    public init(browserFamily: String, browserMajor: String?, osFamily: String, osMajor: String?,
                deviceType: DeviceType) {
        self.browserFamily = browserFamily
        self.browserMajor = browserMajor
        self.osFamily = osFamily
        self.osMajor = osMajor
        self.deviceType = deviceType
    }
}

extension UserAgentInfo: CustomStringConvertible {
    /// "Chrome 131 · Windows 10 · desktop".
    public var description: String {
        let browser = [browserFamily, browserMajor].compactMap(\.self).joined(separator: " ")
        let os = [osFamily, osMajor].compactMap(\.self).joined(separator: " ")
        return "\(browser) · \(os) · \(deviceType.rawValue)"
    }
}
