import HTTPTypes
import OpenAPIRuntime

/// Where the generated server registers the JSON API's operations: through the `RouteRegistry`, each
/// with the policy the OpenAPI document declares for it (`x-gatehouse-policy`), so the document is the
/// one place an operation's policy is written. An operation it declares none for is refused.
struct OperationTransport: ServerTransport {
    let routes: RouteRegistry

    func register(_ handler: @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?),
                  method: HTTPRequest.Method, path: String) throws {
        let declared = OpenAPIDocument.declaredPolicies[method.rawValue + " " + path]
        routes.operation(method, path, policy: declared.flatMap(RoutePolicy.init(declared:)), handler)
    }
}
