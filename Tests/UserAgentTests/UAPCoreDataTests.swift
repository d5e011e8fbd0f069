import Foundation
import Testing
import UserAgent

/// The 47 real User-Agent strings in Resources/user_agents.json, with uap-core 0.16.0's answers
/// (see that data's README in Gatehouse's shared/data/useragents/; licence files beside it).
struct UAPCoreEntry: Decodable, Sendable, CustomTestStringConvertible {
    struct Expected: Decodable, Sendable {
        let browserFamily: String
        let browserMajor: String?
        let osFamily: String
        let osMajor: String?
        let deviceType: String

        enum CodingKeys: String, CodingKey {
            case browserFamily = "browser_family", browserMajor = "browser_major", osFamily = "os_family"
            case osMajor = "os_major", deviceType = "device_type"
        }

        func matches(_ info: UserAgentInfo) -> Bool {
            info.browserFamily == browserFamily && info.browserMajor == browserMajor && info.osFamily == osFamily
                && info.osMajor == osMajor && info.deviceType.rawValue == deviceType
        }
    }

    let id: String
    let userAgent: String
    let expected: Expected
    let acceptAlso: [Expected]?

    var testDescription: String { id }

    enum CodingKeys: String, CodingKey {
        case id, userAgent = "user_agent", expected, acceptAlso = "accept_also"
    }

    struct File: Decodable { let entries: [UAPCoreEntry] }

    static func load() throws -> [UAPCoreEntry] {
        guard let url = Bundle.module.url(forResource: "user_agents", withExtension: "json", subdirectory: "Resources")
        else { throw CocoaError(.fileNoSuchFile) }
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).entries
    }

    static let all: [UAPCoreEntry] = (try? load()) ?? []
}

@Suite("uap-core test data")
struct UAPCoreDataTests {
    @Test("The data file loads with all 47 entries")
    func loads() throws {
        #expect(try UAPCoreEntry.load().count == 47)
    }

    @Test("Each entry parses as uap-core says (or as its accept_also says)", arguments: UAPCoreEntry.all)
    func entry(_ entry: UAPCoreEntry) {
        let info = UserAgentParser.parse(entry.userAgent)
        let accepted = [entry.expected] + (entry.acceptAlso ?? [])
        #expect(accepted.contains { $0.matches(info) }, "\(entry.userAgent) → \(info)")
    }
}
