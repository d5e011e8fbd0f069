import Foundation
import GatehouseApp
import GatehouseCore
@testable import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Problems in the request's language")
struct ProblemLanguageTests {
    /// The string literals that follow `detail:` in a Swift file, with each `\(…)` as `{}`.
    static func details(in source: String) -> [String] {
        var found: [String] = []
        var rest = Substring(source)
        while let start = rest.range(of: "detail: \"") {
            var literal = ""
            var index = start.upperBound
            var closed = false
            while index < rest.endIndex {
                let character = rest[index]
                if character == "\\" {
                    let next = rest.index(after: index)
                    if next < rest.endIndex, rest[next] == "(" {
                        // Skip the interpolation, parentheses balanced (it may hold string literals).
                        var depth = 0
                        var cursor = next
                        repeat {
                            if rest[cursor] == "(" { depth += 1 } else if rest[cursor] == ")" { depth -= 1 }
                            cursor = rest.index(after: cursor)
                        } while depth > 0 && cursor < rest.endIndex
                        literal += "{}"
                        index = cursor
                        continue
                    }
                    literal.append(rest[next])
                    index = rest.index(after: next)
                    continue
                }
                if character == "\"" { closed = true; break }
                literal.append(character)
                index = rest.index(after: index)
            }
            if closed { found.append(literal) }
            rest = rest[index...]
        }
        return found
    }

    /// Details a client can see: not the internal ones (lower case: seals, outbox jobs, configuration).
    static func clientDetails() throws -> Set<String> {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        var all: Set<String> = []
        for module in ["GatehouseCore", "GatehouseHTTP"] {
            let files = FileManager.default.enumerator(at: sources.appendingPathComponent(module), includingPropertiesForKeys: nil)
            while let url = files?.nextObject() as? URL {
                guard url.pathExtension == "swift", url.lastPathComponent != "ProblemText.swift" else { continue }
                let text = try String(contentsOf: url, encoding: .utf8)
                all.formUnion(details(in: text))
                // Identifier problems are described by one function for several fields.
                if let start = text.range(of: "static func describe(_ problem: IdentifierProblem") {
                    let body = text[start.upperBound...].prefix { $0 != "}" }
                    for line in body.split(separator: "\n") {
                        for part in line.split(separator: "\"", omittingEmptySubsequences: false).enumerated() where part.offset % 2 == 1 {
                            all.insert(part.element.replacingOccurrences(of: #"\(field)"#, with: "{}"))
                        }
                    }
                }
            }
        }
        return all.filter { $0.first.map { $0.isUppercase || $0 == "`" } ?? false }
    }

    @Test("every detail a client can see has a Russian translation, and each translation is written in Cyrillic with the same placeholders")
    func catalogueCoversEveryDetail() throws {
        let details = try Self.clientDetails()
        #expect(details.count > 40)
        let translated = Set(ProblemText.russianDetails.map { entry in
            ProblemText.placeholders(entry.english).reduce(entry.english) { $0.replacingOccurrences(of: "{" + $1 + "}", with: "{}") }
        })
        let missing = details.subtracting(translated).sorted()
        #expect(missing.isEmpty, "no Russian for: \(missing)")
        for entry in ProblemText.russianDetails {
            #expect(entry.russian.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }, "\(entry.russian)")
            #expect(Set(ProblemText.placeholders(entry.russian)) == Set(ProblemText.placeholders(entry.english)), "\(entry.english)")
        }
        for code in ErrorCode.allCases {
            #expect(ProblemText.title(code, .ru) != ProblemText.title(code, .en))
        }
    }

    @Test("the catalogue fills a template's values into the translation, and leaves an unknown text as it is")
    func templates() {
        #expect(ProblemText.detail("The password must be at least 12 characters long.", .ru) == "Пароль должен содержать не менее 12 символов.")
        #expect(ProblemText.detail("That email is already in use.", .ru) == "Значение поля «email» уже занято.")
        #expect(ProblemText.detail("Database migrations are pending: 8, 9.", .ru) == "Не применены миграции базы данных: 8, 9.")
        #expect(ProblemText.detail("Something new.", .ru) == "Something new.")
        #expect(ProblemText.detail("The password must be at least 12 characters long.", .en) == "The password must be at least 12 characters long.")
    }

    @Test("an API problem's title and detail follow ?lang=, the language cookie and Accept-Language; English otherwise")
    func apiProblemsInRussian() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: TwoFactorAPITests.environment.merging(["GATEHOUSE_TWO_FACTOR": "optional"]) { $1 })
            try await app.createAccount("anna")
            try await app.createAccount("boris")
            try await Application(router: app.routes().router).test(.router) { client in
                func wrongPassword(_ uri: String, _ extra: HTTPFields = [:]) async throws -> (TestResponse, [String: Any]) {
                    var headers = jsonHeaders
                    for field in extra { headers[field.name] = field.value }
                    let response = try await client.execute(uri: uri, method: .post, headers: headers, body: loginBody("anna", "not the password"))
                    return (response, json(response))
                }
                let (english, englishBody) = try await wrongPassword("/api/v1/auth/login")
                #expect(english.status == .unauthorized)
                #expect(englishBody["title"] as? String == "Invalid login or password")
                #expect(english.headers[.contentLanguage] == "en")

                let (russian, russianBody) = try await wrongPassword("/api/v1/auth/login", [.acceptLanguage: "ru-RU,ru;q=0.9,en;q=0.5"])
                #expect(russianBody["title"] as? String == "Неверный логин или пароль")
                #expect(russianBody["code"] as? String == "invalid_credentials", "the code never changes")
                #expect(russian.headers[.contentLanguage] == "ru")
                #expect(try await wrongPassword("/api/v1/auth/login?lang=ru").1["title"] as? String == "Неверный логин или пароль")
                #expect(try await wrongPassword("/api/v1/auth/login", [.cookie: "gatehouse_lang=ru"]).1["title"] as? String == "Неверный логин или пароль")

                // A detail with a value in it.
                let signedIn = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders,
                                                        body: loginBody("boris", "correct horse battery"))
                let token = try #require(json(signedIn)["token"] as? String)
                var headers = bearer(token)
                headers[.acceptLanguage] = "ru"
                let weak = try await client.execute(uri: "/api/v1/account/password", method: .post, headers: headers,
                                                    body: body(["current_password": "correct horse battery", "new_password": "short"]))
                #expect(weak.status == .badRequest)
                let detail = json(weak)["detail"] as? String ?? ""
                #expect(detail.hasPrefix("Пароль должен содержать не менее "), "\(detail)")
                #expect(detail.contains(String(app.dependencies.selfService.policy.minLength)))
                #expect(json(weak)["title"] as? String == "Слишком слабый пароль")
            }
        }
    }
}
