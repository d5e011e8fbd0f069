import Testing
import UserAgent

/// A User-Agent string with the answer we expect and where that answer comes from.
struct Expectation: Sendable, CustomTestStringConvertible {
    let id: String
    let userAgent: String
    let expected: UserAgentInfo
    let why: String

    init(_ id: String, _ userAgent: String, _ browser: String, _ browserMajor: String?,
         _ os: String, _ osMajor: String?, _ device: DeviceType, why: String) {
        self.id = id
        self.userAgent = userAgent
        self.expected = UserAgentInfo(browserFamily: browser, browserMajor: browserMajor, osFamily: os,
                                      osMajor: osMajor, deviceType: device)
        self.why = why
    }

    var testDescription: String { id }
}
