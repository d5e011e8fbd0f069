/// The machine-readable form of CONTRACT.md for what this build serves, as OpenAPI 3.1. Every route in
/// the `RouteRegistry` must appear here (a test checks); add a path in the same change as its route.
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Gatehouse",
        "version": "1",
        "description": "Self-hosted authentication server: sign-in, sessions, two-factor codes and forward auth. Errors are application/problem+json with a stable `code`."
      },
      "paths": {
        "/healthz": {
          "get": {
            "operationId": "healthz",
            "summary": "The process is up.",
            "responses": {
              "200": { "description": "Up.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Status" } } } }
            }
          }
        },
        "/readyz": {
          "get": {
            "operationId": "readyz",
            "summary": "The database is reachable and its migrations are current.",
            "responses": {
              "200": { "description": "Ready.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Status" } } } },
              "503": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/metrics": {
          "get": {
            "operationId": "metrics",
            "summary": "Prometheus metrics: requests by route and status, request duration, password hashes in flight.",
            "responses": {
              "200": { "description": "Prometheus text exposition format.", "content": { "text/plain": { "schema": { "type": "string" } } } }
            }
          }
        },
        "/api/v1/openapi.json": {
          "get": {
            "operationId": "openapi",
            "summary": "This document.",
            "responses": {
              "200": { "description": "OpenAPI 3.1 document.", "content": { "application/json": { "schema": { "type": "object" } } } }
            }
          }
        }
      },
      "components": {
        "schemas": {
          "Status": {
            "type": "object",
            "required": ["status"],
            "properties": { "status": { "type": "string" } }
          },
          "Problem": {
            "type": "object",
            "required": ["type", "title", "status", "code"],
            "properties": {
              "type": { "type": "string" },
              "title": { "type": "string" },
              "status": { "type": "integer" },
              "code": {
                "type": "string",
                "enum": ["invalid_credentials", "second_factor_invalid", "backup_code_invalid", "validation_failed",
                         "password_too_weak", "password_compromised", "unauthenticated", "session_expired", "forbidden",
                         "csrf_failed", "rate_limited", "consent_required", "two_factor_setup_required",
                         "second_factor_required", "token_invalid_or_expired", "invitation_invalid", "already_taken",
                         "not_found", "payload_too_large", "unsupported_media_type", "service_unavailable",
                         "email_verification_required", "reauthentication_required", "limit_reached", "bad_request",
                         "method_not_allowed", "internal_error"]
              },
              "detail": { "type": "string" },
              "errors": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": ["field", "code"],
                  "properties": { "field": { "type": "string" }, "code": { "type": "string" } }
                }
              }
            }
          }
        },
        "responses": {
          "Problem": {
            "description": "An error with a stable code.",
            "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
          }
        }
      }
    }
    """#
}
