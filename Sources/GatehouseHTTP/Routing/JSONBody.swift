import Foundation
import GatehouseCore
import Hummingbird
import NIOCore

extension Request {
    /// Decodes a JSON body: 415 for another content type, 413 past `http.max_body`, 400 for malformed
    /// JSON, `validation_failed` naming the field for a missing or mistyped one.
    func decodeJSON<T: Decodable>(_ type: T.Type, context: GatehouseRequestContext) async throws -> T {
        try checkJSONContentType()
        return try Self.decode(T.self, from: await collectJSONBody(context))
    }

    /// Like `decodeJSON`, but an empty body (with or without a content type) is nil.
    func decodeOptionalJSON<T: Decodable>(_ type: T.Type, context: GatehouseRequestContext) async throws -> T? {
        let buffer = try await collectJSONBody(context)
        guard buffer.readableBytes > 0 else { return nil }
        try checkJSONContentType()
        return try Self.decode(T.self, from: buffer)
    }

    private func checkJSONContentType() throws {
        let contentType = headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") || contentType.contains("+json") else {
            throw Problem(.unsupportedMediaType, .unsupportedMediaType, detail: "Send the body as application/json.")
        }
    }

    private func collectJSONBody(_ context: GatehouseRequestContext) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw Problem(.contentTooLarge, .payloadTooLarge, detail: "The request body may be at most \(context.maxUploadSize) bytes.")
        }
    }

    private static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(T.self, from: Data(buffer: buffer))
        } catch DecodingError.keyNotFound(let key, _) {
            throw GatehouseError.validation(key.stringValue.snakeCased, "missing", detail: "`\(key.stringValue.snakeCased)` is required.")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.last?.stringValue.snakeCased ?? "body"
            throw GatehouseError.validation(field, "invalid_type", detail: "`\(field)` has the wrong type.")
        } catch {
            throw Problem(.badRequest, .badRequest, detail: "The request body is not valid JSON.")
        }
    }
}

extension String {
    var snakeCased: String {
        var result = ""
        for character in self {
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
        return result
    }
}

/// A JSON answer with snake_case keys and RFC 3339 dates; `no-store` because answers carry tokens or
/// personal data.
struct JSONBody<Value: Encodable & Sendable>: ResponseGenerator {
    var status: HTTPResponse.Status = .ok
    let value: Value
    var headers: HTTPFields = [:]
    var cookies: [Cookie] = []

    init(_ value: Value, status: HTTPResponse.Status = .ok, cookies: [Cookie] = []) {
        self.value = value
        self.status = status
        self.cookies = cookies
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers = self.headers
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        var response = Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }
}

/// An empty answer (204 and friends), optionally setting cookies.
struct EmptyAnswer: ResponseGenerator {
    var status: HTTPResponse.Status = .noContent
    var cookies: [Cookie] = []

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = Response(status: status, headers: [.cacheControl: "no-store"])
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }
}
