import Foundation
import GatehouseCore
import GatehouseWeb
import Hummingbird

/// The API tokens section of `/account`: create, rotate (the secret shown once, on `/account` after a
/// redirect, so a reload never makes another token), delete. Creating and rotating confirm the password
/// in the same form, which restarts `reauth_window` as `POST /api/v1/account/reauthenticate` does.
extension WebRoutes {
    func registerTokens(in routes: RouteRegistry) {
        routes.page(.post, "/account/tokens", policy: .interactive(.accountWrite), context: SignedInContext.self) { request, context in
            try await tokenForm(request, context) { form, auth in
                guard let days = form["lifetime_days"].flatMap({ Int($0) }), days > 0 else {
                    throw GatehouseError.validation("expires_at", "invalid")
                }
                let expiresAt = tokens.clock.now().addingTimeInterval(TimeInterval(days) * 86400)
                let (token, secret) = try await tokens.create(name: form["name"] ?? "", group: form["permission_group"] ?? "", expiresAt: expiresAt,
                                                              by: auth, request: context.requestInfo)
                return (token.name, secret)
            }
        }
        routes.page(.post, "/account/tokens/rotate", policy: .interactive(.accountWrite), context: SignedInContext.self) { request, context in
            try await tokenForm(request, context) { form, auth in
                let (token, secret) = try await tokens.rotate(APITokenID(rawValue: form["id"] ?? ""), by: auth, request: context.requestInfo)
                return (token.name, secret)
            }
        }
        // "Save as a file": the sealed note the page carries, opened for this session within its five
        // minutes, answered as a download (no secret in any URL or history).
        routes.page(.post, "/account/tokens/secret-file", policy: .interactive(.accountWrite), context: SignedInContext.self) { request, context in
            var request = request
            let form = FormFields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
            guard let note = TokenSecretNote.open(form["note"], session: context.record.session.id, keys: keys, now: tokens.clock.now()) else {
                return Redirect(location: "/account#tokens") as any ResponseGenerator
            }
            return Response(status: .ok, headers: [
                .contentType: "text/plain; charset=utf-8", .contentDisposition: "attachment; filename=\"gatehouse-api-token.txt\"",
                .cacheControl: "no-store",
            ], body: .init(byteBuffer: ByteBuffer(string: note.secret + "\n")))
        }
        routes.page(.post, "/account/tokens/delete", policy: .interactive(.accountWrite), context: SignedInContext.self) { request, context in
            var request = request
            let form = FormFields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
            do {
                try await tokens.delete(APITokenID(rawValue: form["id"] ?? ""), by: context.record, request: context.requestInfo)
            } catch let error as GatehouseError where error.code == .notFound {
                // Deleted already (another tab): the outcome the person asked for.
            }
            return Redirect(location: "/account?changed=" + AccountPage.Change.tokenDeleted.rawValue + "#tokens")
        }
    }

    /// Confirms the password, runs `action` with the refreshed session and sends the browser to the
    /// account page with the new secret sealed in a cookie for it; a refusal shows the page again with why.
    func tokenForm(_ request: Request, _ context: SignedInContext,
                   _ action: (FormFields, SessionRecord) async throws -> (name: String, secret: String)) async throws -> any ResponseGenerator {
        var request = request
        let language = WebLanguage(request).language
        let form = FormFields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        do {
            try await selfService.reauthenticate(password: form["current_password"] ?? "", by: context.record, request: context.requestInfo)
            let shown = try await action(form, try await selfService.signIn.current(context.record))
            let note = TokenSecretNote(name: shown.name, secret: shown.secret, until: tokens.clock.now().addingTimeInterval(TokenSecretNote.lifetime))
            // To the secret itself: the browser scrolls to it and focuses it (it is focusable), script or not.
            return Redirect(location: "/account#new-token",
                            cookies: [note.cookie(session: context.record.session.id, keys: keys, random: random, secure: cookie.secure)])
        } catch let limited as RateLimited {
            return try await accountPage(request, context, error: Catalog.rateLimitedMessage(retryAfterSeconds: limited.retryAfter, language),
                                         status: .tooManyRequests, form: form)
        } catch let error as GatehouseError {
            let message: String
            let status: HTTPResponse.Status
            switch error.code {
            case .invalidCredentials: (message, status) = (Catalog.text(.errorCurrentPasswordWrong, language), .unauthorized)
            case .limitReached: (message, status) = (Catalog.text(.errorTokenLimit, language), .conflict)
            case .validationFailed: (message, status) = (Catalog.text(.errorTokenName, language), .badRequest)
            case .notFound: return Redirect(location: "/account#tokens")
            default: throw error
            }
            return try await accountPage(request, context, error: message, status: status, form: form)
        }
    }

    /// The section as the page shows it: the person's tokens, the groups and lifetimes a new one may have.
    func tokensSection(_ account: Account, language: Language, newSecret: AccountPage.NewSecret?, typedName: String?) async throws
        -> AccountPage.TokensSection {
        let now = tokens.clock.now()
        let entries = try await tokens.list(account).map { token in
            let place = [token.lastUsedCity, token.lastUsedCountry].compactMap { $0 }.joined(separator: ", ")
            let where_ = [place.isEmpty ? nil : place, token.lastUsedIP].compactMap { $0 }.joined(separator: " · ")
            return AccountPage.TokensSection.Entry(
                id: token.id.rawValue, name: token.name, group: token.permissionGroup, created: Self.format(token.createdAt),
                expires: Self.format(token.expiresAt), expired: token.expiresAt <= now,
                lastUsed: token.lastUsedAt.map { (Self.format($0), where_.isEmpty ? "—" : where_) })
        }
        let longest = max(1, Int(tokens.configuration.maxLifetime.timeInterval / 86400))
        var lifetimes = [7, 30, 90, 365].filter { $0 < longest }
        lifetimes.append(longest)
        return AccountPage.TokensSection(entries: entries, groups: tokens.access.groups.keys.sorted(), lifetimes: lifetimes, newSecret: newSecret,
                                         typedName: typedName)
    }
}

/// A new API token's secret on its way to `GET /account`, which shows it once and forgets it.
struct TokenSecretNote: ShownOnceNote {
    static let cookieName = "gatehouse_token_secret"
    static let path = "/account"
    static let kind = "api token secret"

    var name: String
    var secret: String
    var until: Date
}
