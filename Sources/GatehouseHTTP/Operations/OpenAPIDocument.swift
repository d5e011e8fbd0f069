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
            "security": [],
            "summary": "The process is up.",
            "responses": {
              "200": { "description": "Up.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Status" } } } }
            }
          }
        },
        "/readyz": {
          "get": {
            "operationId": "readyz",
            "security": [],
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
            "security": [],
            "summary": "Prometheus metrics: requests by route and status, request duration, password hashes in flight.",
            "responses": {
              "200": { "description": "Prometheus text exposition format.", "content": { "text/plain": { "schema": { "type": "string" } } } }
            }
          }
        },
        "/api/v1/auth/login": {
          "post": {
            "operationId": "login",
            "summary": "Sign in with a username or email and a password.",
            "description": "Starts a sign-in. The answer carries the session's status (the next step, or authenticated), a new token shown once and the session cookie. Unknown account, wrong password, locked and disabled accounts all answer the same 401 invalid_credentials.",
            "security": [],
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/LoginRequest" } } } },
            "responses": {
              "200": { "description": "A session at its status.", "headers": { "Set-Cookie": { "schema": { "type": "string" } } }, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/StepAnswer" } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" },
              "413": { "$ref": "#/components/responses/Problem" },
              "415": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/RateLimited" }
            }
          }
        },
        "/api/v1/auth/session": {
          "get": {
            "operationId": "currentSession",
            "summary": "The presented session, its user, its sign-in status and its CSRF token.",
            "responses": {
              "200": { "description": "The session.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/SessionAnswer" } } } },
              "401": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/auth/logout": {
          "post": {
            "operationId": "logout",
            "summary": "End the presented session server-side and clear the cookie.",
            "responses": {
              "204": { "description": "Signed out." },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/auth/check": {
          "get": {
            "operationId": "forwardAuthCheck",
            "summary": "Forward auth: who is this request?",
            "description": "For nginx auth_request, Traefik forwardAuth and Caddy forward_auth. 200 with identity headers for a fully signed-in session of an active account; 401 otherwise (never 403). Query strings are ignored and no cookie is set.",
            "responses": {
              "200": {
                "description": "Signed in.",
                "headers": {
                  "X-Gatehouse-User-Id": { "schema": { "type": "string" } },
                  "X-Gatehouse-Username": { "description": "ASCII; non-ASCII characters percent-encoded as UTF-8.", "schema": { "type": "string" } },
                  "X-Gatehouse-Email": { "description": "ASCII; non-ASCII characters percent-encoded as UTF-8.", "schema": { "type": "string" } },
                  "X-Gatehouse-Roles": { "description": "Comma-separated, possibly empty.", "schema": { "type": "string" } }
                }
              },
              "401": { "description": "No, expired, revoked or pending session, or a disabled account." }
            }
          },
          "head": {
            "operationId": "forwardAuthCheckHead",
            "summary": "As GET, without a body.",
            "responses": {
              "200": { "description": "Signed in; the same identity headers as GET." },
              "401": { "description": "Not signed in." }
            }
          }
        },
        "/api/v1/auth/password-reset": {
          "post": {
            "operationId": "requestPasswordReset",
            "summary": "Ask for a password-reset link by mail.",
            "description": "Always 202 with the same body, whether or not an account has the address: nothing is looked up or sent inline; the mail outbox does that later. Rate-limited per IP and per address (rate_limit.reset_*).",
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
              "type": "object", "required": ["email"], "properties": { "email": { "type": "string" } }
            } } } },
            "responses": {
              "202": { "description": "Accepted.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Accepted" } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/auth/password-reset/complete": {
          "post": {
            "operationId": "completePasswordReset",
            "summary": "Set a new password with the token from the reset (or lockout) mail.",
            "description": "In one transaction: uses the single-use token, sets the password, clears the lockout, ends every session, invalidates other reset links and mails a notice. reissue_two_factor (when password_reset.allow_two_factor_reissue) sets the authenticator up anew: with the account's backup_code at once (the next sign-in enrols), without it only after password_reset.two_factor_reissue_delay (72h), during which sign-in still asks for codes and the owner is mailed a cancel link. Accounts with a platform role are refused (400 validation_failed, not_allowed): support resets those.",
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
              "type": "object", "required": ["token", "new_password"],
              "properties": { "token": { "type": "string" }, "new_password": { "type": "string" }, "reissue_two_factor": { "type": "boolean" },
                              "backup_code": { "type": "string", "description": "With reissue_two_factor: makes the reissue immediate." } }
            } } } },
            "responses": {
              "200": { "description": "Password changed; all sessions ended.", "content": { "application/json": { "schema": {
                "type": "object", "required": ["status", "sessions_ended", "two_factor_reissue"],
                "properties": { "status": { "const": "password_changed" }, "sessions_ended": { "type": "integer" }, "two_factor_reissue": { "type": "boolean" },
                                "two_factor_reissue_at": { "type": "string", "format": "date-time", "description": "When a reissue without the backup code takes effect." } }
              } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "description": "backup_code_invalid (counts toward the lockout; the link stays good).", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
              "429": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/auth/email-verification": {
          "post": {
            "operationId": "resendVerification",
            "summary": "Send a new verification link.",
            "description": "From a session at email_verification_required: no body needed. Without one: {email}. Always 202 with the same body.",
            "requestBody": { "required": false, "content": { "application/json": { "schema": {
              "type": "object", "properties": { "email": { "type": "string" } }
            } } } },
            "responses": {
              "202": { "description": "Accepted.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Accepted" } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/auth/email-verification/complete": {
          "post": {
            "operationId": "completeVerification",
            "summary": "Use a verification link's token.",
            "description": "Marks the address verified, or makes a pending new address the account's address. A session of this account waiting at email_verification_required moves on: the answer is then a step answer with a new token (and the cookie set again).",
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
              "type": "object", "required": ["token"], "properties": { "token": { "type": "string" } }
            } } } },
            "responses": {
              "200": { "description": "Verified.", "content": { "application/json": { "schema": { "oneOf": [
                { "$ref": "#/components/schemas/StepAnswer" },
                { "type": "object", "required": ["status"], "properties": { "status": { "enum": ["email_verified", "email_changed"] } } }
              ] } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/auth/unlock/complete": {
          "post": {
            "operationId": "completeUnlock",
            "summary": "Unlock an account with the token from the lockout mail.",
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
              "type": "object", "required": ["token"], "properties": { "token": { "type": "string" } }
            } } } },
            "responses": {
              "200": { "description": "Unlocked.", "content": { "application/json": { "schema": {
                "type": "object", "required": ["status"], "properties": { "status": { "const": "unlocked" } }
              } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/account": {
          "get": {
            "operationId": "accountProfile",
            "summary": "The signed-in person's profile.",
            "responses": {
              "200": { "description": "Profile.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Profile" } } } },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/auth/login/second-factor": {
          "post": {
            "operationId": "loginSecondFactor",
            "summary": "Second step: a current TOTP code, or the backup code (which is replaced at once).",
            "description": "Only for a session at second_factor_required. A code is accepted once: its time step and every earlier one are refused afterwards. A backup code answers with new_backup_code (shown once; the old one is dead). Wrong codes count toward the lockout and toward rate_limit.second_factor_per_account; the lock ends the pending session.",
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
              "type": "object", "properties": { "code": { "type": "string", "pattern": "^[0-9]{6}$" }, "backup_code": { "type": "string" } }
            } } } },
            "responses": {
              "200": { "description": "The next status.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/StepAnswer" } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "description": "second_factor_invalid or backup_code_invalid, or no session.", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
              "403": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/RateLimited" }
            }
          }
        },
        "/api/v1/auth/login/recovery": {
          "post": {
            "operationId": "loginRecovery",
            "summary": "Recovery: sign in with the backup code and turn TOTP off, to set it up again.",
            "description": "For a lost authenticator. Under policy required the next status is two_factor_setup_required (a new secret and QR code). The owner is mailed.",
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
              "type": "object", "required": ["backup_code"], "properties": { "backup_code": { "type": "string" } }
            } } } },
            "responses": {
              "200": { "description": "The next status.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/StepAnswer" } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/RateLimited" }
            }
          }
        },
        "/api/v1/auth/consent": {
          "get": {
            "operationId": "consentAgreement",
            "summary": "The personal-data processing agreement to accept: version and text (language from ?lang=, the language cookie or Accept-Language).",
            "responses": {
              "200": { "description": "The agreement.", "content": { "application/json": { "schema": {
                "type": "object", "required": ["version", "language", "text"],
                "properties": { "version": { "type": "string" }, "language": { "type": "string", "enum": ["en", "ru"] }, "text": { "type": "string" } }
              } } } },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" }
            }
          },
          "post": {
            "operationId": "answerConsent",
            "summary": "Accept (next status) or decline (204, session ended) the agreement of the given version.",
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
              "type": "object", "required": ["version", "accept"], "properties": { "version": { "type": "string" }, "accept": { "type": "boolean" } }
            } } } },
            "responses": {
              "200": { "description": "Accepted; the next status.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/StepAnswer" } } } },
              "204": { "description": "Declined; the session is ended and the cookie cleared." },
              "400": { "description": "validation_failed: the version is not the configured one (the agreement changed).", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/auth/two-factor/setup": {
          "post": {
            "operationId": "enrolmentSetup",
            "summary": "Enrolment at sign-in: a new secret (the same one again within an hour), its otpauth URI and QR code (SVG).",
            "description": "Not active until confirmed with a first code. The first call mails setup instructions (never the secret). The secret belongs to this sign-in: another sign-in gets its own (replacing it). If an authenticator was set up meanwhile, the sign-in ends (401) and must start again.",
            "responses": {
              "200": { "description": "The secret to add to an authenticator app.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/TwoFactorSetup" } } } },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/auth/two-factor/confirm": {
          "post": {
            "operationId": "enrolmentConfirm",
            "summary": "The first valid code turns TOTP on; answers the next status and the backup code (shown once).",
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CodeRequest" } } } },
            "responses": {
              "200": { "description": "Active; the next status with backup_code.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/StepAnswer" } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/RateLimited" }
            }
          }
        },
        "/api/v1/account/two-factor": {
          "get": {
            "operationId": "twoFactorState",
            "summary": "Whether TOTP is on (and since when), whether policy requires it, whether a setup is pending.",
            "responses": {
              "200": { "description": "The state.", "content": { "application/json": { "schema": {
                "type": "object", "required": ["enabled", "required", "setup_pending"],
                "properties": { "enabled": { "type": "boolean" }, "enabled_at": { "type": "string", "format": "date-time" }, "required": { "type": "boolean" }, "setup_pending": { "type": "boolean" },
                                "reissue_at": { "type": "string", "format": "date-time", "description": "A reissue a password reset scheduled takes effect then, unless cancelled." } }
              } } } },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/account/two-factor/setup": {
          "post": {
            "operationId": "twoFactorSetup",
            "summary": "Start a (new) setup from the account; while TOTP is active a current code is required and used up.",
            "description": "Needs a recent sign-in or password confirmation (reauth_window; else 403 reauthentication_required). The new secret belongs to this session: no other session sees or confirms it, and it expires after an hour.",
            "requestBody": { "required": false, "content": { "application/json": { "schema": {
              "type": "object", "properties": { "code": { "type": "string" } }
            } } } },
            "responses": {
              "200": { "description": "The new secret (not active yet).", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/TwoFactorSetup" } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/RateLimited" }
            }
          }
        },
        "/api/v1/account/two-factor/confirm": {
          "post": {
            "operationId": "twoFactorConfirm",
            "summary": "Activate the pending secret with its first code; answers the new backup code (the old secret and code are replaced).",
            "description": "Needs a recent sign-in (reauth_window) and a setup started by this session within the hour (else 400 validation_failed, code no_setup). Mails two_factor_enabled.",
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CodeRequest" } } } },
            "responses": {
              "200": { "description": "Active.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/BackupCodeAnswer" } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/RateLimited" }
            }
          }
        },
        "/api/v1/account/two-factor/check": {
          "post": {
            "operationId": "twoFactorCheck",
            "summary": "Check my code: whether the code is valid now (for the active secret, or the pending one during setup); uses nothing up.",
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CodeRequest" } } } },
            "responses": {
              "200": { "description": "The answer.", "content": { "application/json": { "schema": { "type": "object", "required": ["valid"], "properties": { "valid": { "type": "boolean" } } } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/RateLimited" }
            }
          }
        },
        "/api/v1/account/two-factor/disable": {
          "post": {
            "operationId": "twoFactorDisable",
            "summary": "Turn TOTP off (policy optional only; a recent sign-in and a current code needed).",
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CodeRequest" } } } },
            "responses": {
              "204": { "description": "Off; a notice is mailed." },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "description": "forbidden (policy required) or reauthentication_required.", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
              "429": { "$ref": "#/components/responses/RateLimited" }
            }
          }
        },
        "/api/v1/account/two-factor/backup-code": {
          "post": {
            "operationId": "regenerateBackupCode",
            "summary": "A new backup code for a current TOTP code (recent sign-in needed); the old code is dead and a notice is mailed.",
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CodeRequest" } } } },
            "responses": {
              "200": { "description": "The new code, shown once.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/BackupCodeAnswer" } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/RateLimited" }
            }
          }
        },
        "/api/v1/account/two-factor/reissue/cancel": {
          "post": {
            "operationId": "cancelTwoFactorReissue",
            "summary": "Cancel a two-factor reissue that a password reset scheduled; the authenticator stays as it is (audited).",
            "responses": {
              "204": { "description": "No reissue waits any more." },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/account/reauthenticate": {
          "post": {
            "operationId": "reauthenticate",
            "summary": "Confirm the password: restarts reauth_window for this session.",
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
              "type": "object", "required": ["password"], "properties": { "password": { "type": "string" } }
            } } } },
            "responses": {
              "204": { "description": "Confirmed." },
              "401": { "description": "invalid_credentials (counts toward the lockout).", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
              "403": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/RateLimited" }
            }
          }
        },
        "/api/v1/admin/users/{id}/reset-two-factor": {
          "post": {
            "operationId": "adminResetTwoFactor",
            "summary": "Turn an account's TOTP off for re-enrolment at its next sign-in, end its sessions and mail the owner (role admin; audited).",
            "parameters": [{ "$ref": "#/components/parameters/UserID" }],
            "responses": {
              "204": { "description": "Reset." },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" },
              "404": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/account/password": {
          "post": {
            "operationId": "changePassword",
            "summary": "Change the password (current password required); every other session ends and a notice is mailed.",
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
              "type": "object", "required": ["current_password", "new_password"],
              "properties": { "current_password": { "type": "string" }, "new_password": { "type": "string" } }
            } } } },
            "responses": {
              "204": { "description": "Changed." },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "description": "invalid_credentials: the current password is wrong (counts toward the lockout).", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
              "403": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/account/username": {
          "post": {
            "operationId": "changeUsername",
            "summary": "Change the username (current password required).",
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
              "type": "object", "required": ["username", "current_password"],
              "properties": { "username": { "type": "string" }, "current_password": { "type": "string" } }
            } } } },
            "responses": {
              "200": { "description": "Changed.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Profile" } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" },
              "409": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/account/email": {
          "post": {
            "operationId": "changeEmail",
            "summary": "Change the email address (current password required).",
            "description": "Always 202: a link goes to the new address and a notice to the old one, which keeps working until the link is used. If another account has the address, its owner is mailed instead; the answer is the same.",
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
              "type": "object", "required": ["email", "current_password"],
              "properties": { "email": { "type": "string" }, "current_password": { "type": "string" } }
            } } } },
            "responses": {
              "202": { "description": "Accepted.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Accepted" } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/account/language": {
          "put": {
            "operationId": "setLanguage",
            "summary": "Set the preferred language of pages and mail.",
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
              "type": "object", "required": ["language"], "properties": { "language": { "type": "string", "enum": ["en", "ru"] } }
            } } } },
            "responses": {
              "204": { "description": "Saved." },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/account/sessions": {
          "get": {
            "operationId": "listSessions",
            "summary": "The signed-in person's active sessions, with location and device.",
            "description": "City and country follow the request's language (?lang=, gatehouse_lang cookie, Accept-Language), else the account's preferred language; unknown without a GeoIP database.",
            "responses": {
              "200": { "description": "Sessions, oldest first.", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/SessionListItem" } } } } },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/account/sessions/{id}": {
          "delete": {
            "operationId": "revokeSession",
            "summary": "End one of the person's own sessions; it fails on its very next request.",
            "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
            "responses": {
              "204": { "description": "Ended." },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" },
              "404": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/account/sessions/revoke-others": {
          "post": {
            "operationId": "revokeOtherSessions",
            "summary": "End every other session of the account, keeping the current one.",
            "responses": {
              "200": { "description": "How many ended.", "content": { "application/json": { "schema": { "type": "object", "required": ["revoked"], "properties": { "revoked": { "type": "integer" } } } } } },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/admin/users/{id}/unlock": {
          "post": {
            "operationId": "adminUnlockUser",
            "summary": "Clear an account's lock and failure count (role admin).",
            "parameters": [{ "$ref": "#/components/parameters/UserID" }],
            "responses": {
              "200": { "description": "The account.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AdminUserAnswer" } } } },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" },
              "404": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/admin/users/{id}/disable": {
          "post": {
            "operationId": "adminDisableUser",
            "summary": "Disable an account and end all its sessions (role admin).",
            "parameters": [{ "$ref": "#/components/parameters/UserID" }],
            "responses": {
              "200": { "description": "The account.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AdminUserAnswer" } } } },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" },
              "404": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/admin/users/{id}/enable": {
          "post": {
            "operationId": "adminEnableUser",
            "summary": "Enable a disabled account (role admin).",
            "parameters": [{ "$ref": "#/components/parameters/UserID" }],
            "responses": {
              "200": { "description": "The account.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AdminUserAnswer" } } } },
              "401": { "$ref": "#/components/responses/Problem" },
              "403": { "$ref": "#/components/responses/Problem" },
              "404": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/v1/openapi.json": {
          "get": {
            "operationId": "openapi",
            "security": [],
            "summary": "This document.",
            "responses": {
              "200": { "description": "OpenAPI 3.1 document.", "content": { "application/json": { "schema": { "type": "object" } } } }
            }
          }
        }
      },
      "security": [{ "bearer": [] }, { "sessionCookie": [] }],
      "components": {
        "securitySchemes": {
          "bearer": { "type": "http", "scheme": "bearer", "description": "A session token (or, later, an API token)." },
          "sessionCookie": { "type": "apiKey", "in": "cookie", "name": "gatehouse_session", "description": "__Host-gatehouse_session on https; state-changing requests also need X-CSRF-Token and a same-origin Origin or Sec-Fetch-Site." }
        },
        "parameters": {
          "UserID": { "name": "id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }
        },
        "schemas": {
          "LoginRequest": {
            "type": "object",
            "required": ["login", "password"],
            "properties": { "login": { "type": "string", "description": "Username or email." }, "password": { "type": "string", "format": "password" } }
          },
          "SignInStatus": {
            "type": "string",
            "enum": ["authenticated", "second_factor_required", "email_verification_required", "consent_required", "two_factor_setup_required"]
          },
          "Session": {
            "type": "object",
            "required": ["id", "status", "created_at", "expires_at", "last_seen_at"],
            "properties": {
              "id": { "type": "string" },
              "status": { "$ref": "#/components/schemas/SignInStatus" },
              "created_at": { "type": "string", "format": "date-time" },
              "expires_at": { "type": "string", "format": "date-time" },
              "last_seen_at": { "type": "string", "format": "date-time" }
            }
          },
          "User": {
            "type": "object",
            "required": ["id", "username", "email", "email_verified", "roles", "preferred_language"],
            "properties": {
              "id": { "type": "string" },
              "username": { "type": "string" },
              "email": { "type": "string" },
              "email_verified": { "type": "boolean" },
              "roles": { "type": "array", "items": { "type": "string" } },
              "preferred_language": { "type": "string", "enum": ["en", "ru"] }
            }
          },
          "Accepted": {
            "type": "object", "required": ["status"], "properties": { "status": { "const": "accepted" } }
          },
          "Profile": {
            "type": "object",
            "required": ["id", "username", "email", "email_verified", "roles", "preferred_language", "created_at", "two_factor"],
            "properties": {
              "id": { "type": "string" },
              "username": { "type": "string" },
              "email": { "type": "string" },
              "email_verified": { "type": "boolean" },
              "pending_email": { "type": "string", "description": "A new address waiting for its verification link." },
              "roles": { "type": "array", "items": { "type": "string" } },
              "preferred_language": { "type": "string", "enum": ["en", "ru"] },
              "created_at": { "type": "string", "format": "date-time" },
              "two_factor": {
                "type": "object", "required": ["enabled", "required"],
                "properties": { "enabled": { "type": "boolean" }, "enabled_at": { "type": "string", "format": "date-time" },
                                "required": { "type": "boolean" },
                                "reissue_at": { "type": "string", "format": "date-time", "description": "A reissue a password reset scheduled takes effect then, unless cancelled." } }
              },
              "consent_version": { "type": "string", "description": "The version of the personal-data agreement accepted last." },
              "consent_accepted_at": { "type": "string", "format": "date-time" }
            }
          },
          "TwoFactorSetup": {
            "type": "object",
            "required": ["secret", "secret_grouped", "otpauth_uri", "qr_svg"],
            "properties": {
              "secret": { "type": "string", "description": "Base32, 160 bits." },
              "secret_grouped": { "type": "string", "description": "The secret in groups of four, for typing." },
              "otpauth_uri": { "type": "string" },
              "qr_svg": { "type": "string", "description": "The otpauth URI as a QR code (byte mode, level M), SVG." }
            }
          },
          "CodeRequest": {
            "type": "object", "required": ["code"], "properties": { "code": { "type": "string", "pattern": "^[0-9]{6}$" } }
          },
          "BackupCodeAnswer": {
            "type": "object", "required": ["backup_code"], "properties": { "backup_code": { "type": "string", "description": "8 characters as XXXX-XXXX, shown once." } }
          },
          "StepAnswer": {
            "type": "object",
            "required": ["status", "token", "expires_at", "session"],
            "properties": {
              "status": { "$ref": "#/components/schemas/SignInStatus" },
              "token": { "type": "string", "description": "256-bit bearer token, shown once." },
              "expires_at": { "type": "string", "format": "date-time" },
              "session": { "$ref": "#/components/schemas/Session" },
              "new_backup_code": { "type": "string", "description": "After a sign-in with the backup code: its replacement, shown once." },
              "backup_code": { "type": "string", "description": "After enrolment: the first backup code, shown once." }
            }
          },
          "SessionAnswer": {
            "type": "object",
            "required": ["user", "session", "status", "csrf_token"],
            "properties": {
              "user": { "$ref": "#/components/schemas/User" },
              "session": { "$ref": "#/components/schemas/Session" },
              "status": { "$ref": "#/components/schemas/SignInStatus" },
              "csrf_token": { "type": "string" }
            }
          },
          "SessionListItem": {
            "type": "object",
            "required": ["id", "current", "created_at", "last_seen_at"],
            "properties": {
              "id": { "type": "string" },
              "current": { "type": "boolean" },
              "created_at": { "type": "string", "format": "date-time" },
              "last_seen_at": { "type": "string", "format": "date-time" },
              "ip": { "type": "string" },
              "city": { "type": "string" },
              "country": { "type": "string" },
              "browser": { "type": "string" },
              "os": { "type": "string" },
              "device": { "type": "string", "enum": ["desktop", "mobile", "tablet", "bot", "other"] }
            }
          },
          "AdminUserAnswer": {
            "type": "object",
            "required": ["user", "status", "locked"],
            "properties": {
              "user": { "$ref": "#/components/schemas/User" },
              "status": { "type": "string", "enum": ["active", "disabled"] },
              "locked": { "type": "boolean" }
            }
          },
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
          },
          "RateLimited": {
            "description": "Too many requests; try again after Retry-After seconds.",
            "headers": { "Retry-After": { "schema": { "type": "integer" } } },
            "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
          }
        }
      }
    }
    """#
}
