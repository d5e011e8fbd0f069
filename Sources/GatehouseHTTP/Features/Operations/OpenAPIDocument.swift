import Foundation
import Yams

/// The JSON API's one description: `Resources/openapi.yaml` (OpenAPI 3.1; CONTRACT.md is the source of
/// its names), embedded into the binary and served as JSON at `GET /api/v1/openapi.json`. Every route
/// of the `RouteRegistry` outside the pages is an operation there, with its policy as
/// `x-gatehouse-policy`, and every operation is routed (a test walks both).
enum OpenAPIDocument {
    /// The YAML as written.
    static let yaml = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)

    /// The document as JSON, keys sorted; built once per process.
    static var json: String { parsed.json }

    /// Every operation's declared `x-gatehouse-policy`, keyed `METHOD /path` (parameters as `{id}`,
    /// which is also how Hummingbird describes a route). The generated operations are routed with these;
    /// an operation without one is refused.
    static var declaredPolicies: [String: String] { parsed.policies }

    /// Both from one parse of the YAML, once per process. A document that does not parse (a build defect
    /// the tests catch) is served as nothing rather than as something wrong, and declares no policies.
    private static let parsed: (json: String, policies: [String: String]) = {
        guard let root = try? Yams.compose(yaml: yaml) else { return ("{}", [:]) }
        var json = "{}"
        if let data = try? JSONSerialization.data(withJSONObject: value(root), options: [.sortedKeys, .withoutEscapingSlashes]) {
            json = String(decoding: data, as: UTF8.self)
        }
        var policies: [String: String] = [:]
        for (path, item) in root["paths"]?.mapping ?? [:] {
            guard let path = path.string, let operations = item.mapping else { continue }
            for (method, operation) in operations {
                guard let method = method.string, let policy = operation["x-gatehouse-policy"]?.string else { continue }
                policies[method.uppercased() + " " + path] = policy
            }
        }
        return (json, policies)
    }()

    /// A YAML node as what JSONSerialization writes: scalars by their resolved tag (YAML 1.1 `yes`
    /// and dates stay strings unless tagged so), mappings with string keys.
    static func value(_ node: Node) -> Any {
        switch node {
        case .scalar(let scalar):
            switch node.tag.description {
            case Tag.Name.int.rawValue: return Int(scalar.string) ?? scalar.string
            case Tag.Name.float.rawValue: return Double(scalar.string) ?? scalar.string
            case Tag.Name.bool.rawValue:
                if ["true", "True", "TRUE"].contains(scalar.string) { return true }
                if ["false", "False", "FALSE"].contains(scalar.string) { return false }
                return scalar.string
            case Tag.Name.null.rawValue: return NSNull()
            default: return scalar.string
            }
        case .mapping(let mapping):
            var object: [String: Any] = [:]
            for (key, value) in mapping { object[key.string ?? ""] = Self.value(value) }
            return object
        case .sequence(let sequence):
            return sequence.map { value($0) }
        case .alias:
            return NSNull()
        }
    }
}
