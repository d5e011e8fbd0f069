import Foundation
import Testing

/// The module boundaries of docs/architecture.md, read from the sources' imports.
@Suite("Module boundaries")
struct ModuleBoundaryTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    /// `module → modules its files import`.
    static func imports() throws -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            let module = url.path.dropFirst(sources.path.count + 1).split(separator: "/").first.map(String.init) ?? ""
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where line.hasPrefix("import ") || line.hasPrefix("@testable import ") {
                result[module, default: []].insert(String(line.split(separator: " ").last ?? ""))
            }
        }
        return result
    }

    @Test("Core imports no NIO, no HTTP, no database driver, no drawing and no password hashing implementation")
    func coreIsPlain() throws {
        let core = try #require(try Self.imports()["GatehouseCore"])
        let allowed: Set<String> = ["Foundation", "Crypto", "Synchronization", "Glibc", "Darwin", "TOTP", "MaxMindDB", "UserAgent", "UnicodeSecurity"]
        #expect(core.subtracting(allowed).isEmpty, "GatehouseCore imports \(core.subtracting(allowed).sorted())")
    }

    @Test("HTTP handlers ask Core, never a store (only the operations endpoints ping the database)")
    func handlersReadNoStores() throws {
        var offenders: [String] = []
        let http = Self.sources.appendingPathComponent("GatehouseHTTP")
        let files = FileManager.default.enumerator(at: http, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "swift", !url.path.contains("/Features/Operations/") else { continue }
            for (number, line) in try String(contentsOf: url, encoding: .utf8).split(separator: "\n").enumerated()
            where line.contains(".store.") || line.contains("store.accounts") || line.contains("store.sessions") {
                offenders.append("\(url.lastPathComponent):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(offenders.isEmpty, "\(offenders.joined(separator: "\n"))")
    }

    @Test("one Language type for pages, mails and problems: Core's")
    func oneLanguage() throws {
        var declarations: [String] = []
        let files = FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            where line.contains("enum ") && line.contains("Language") && !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                declarations.append("\(url.lastPathComponent): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(declarations == ["Account.swift: public enum Language: String, Sendable, Codable, CaseIterable {"], "\(declarations)")
    }

    @Test("only the HTTP module imports Hummingbird")
    func onlyHTTPImportsHummingbird() throws {
        let importers = try Self.imports().filter { $0.value.contains { $0.hasPrefix("Hummingbird") } }.keys
        #expect(Set(importers) == ["GatehouseHTTP"])
    }

    @Test("the JSON API's requests and answers are generated from openapi.yaml: GatehouseHTTP writes no Codable type of its own")
    func noHandWrittenAPITypes() throws {
        var declarations: [String] = []
        let http = Self.sources.appendingPathComponent("GatehouseHTTP")
        let files = FileManager.default.enumerator(at: http, includingPropertiesForKeys: nil)
        let codable = try NSRegularExpression(pattern: #"^\s*(public |private |fileprivate |internal )?(struct|enum|class|final class|protocol) \w+[^{]*:[^{]*\b(Codable|Encodable|Decodable)\b"#)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
            where codable.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil {
                declarations.append("\(url.lastPathComponent): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        // The one exception is no API type: a secret shown once (a backup code, an API token's secret),
        // sealed into a cookie between a form and its page (BackupCodeNote and TokenSecretNote conform).
        #expect(declarations == ["ShownOnceNote.swift: protocol ShownOnceNote: Codable {"], "\(declarations)")
    }
}
