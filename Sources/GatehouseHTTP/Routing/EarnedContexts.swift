import GatehouseCore
import Hummingbird

/// The request context of a route whose policy needs a session: the session is there as a value, not
/// an optional. Hummingbird builds it from the request's `GatehouseRequestContext` (a child context)
/// after `PolicyMiddleware` has let the request through; the build fails the way the policy does, so a
/// route registered with it can never run without what its `Requirement` asks.
///
/// - `SessionContext`: a session, pending or signed in (`any session`, `pending:<status>`).
/// - `SignedInContext`: a session that has passed every sign-in step (`authenticated`, `role:<name>`).
struct EarnedContext<Requirement: SessionRequirement>: ChildRequestContext {
    typealias ParentContext = GatehouseRequestContext
    var coreContext: CoreRequestContextStorage
    let requestInfo: RequestInfo
    let maxUploadSize: Int
    /// The presented session and its account.
    let record: SessionRecord
    /// Cookie-authenticated requests are the ones CSRF protection covers.
    let authenticatedByCookie: Bool

    var account: Account { record.account }

    init(context: GatehouseRequestContext) throws {
        guard let record = context.auth else { throw PolicyMiddleware.unauthenticated(context) }
        try Requirement.admit(record)
        self.coreContext = context.coreContext
        self.requestInfo = context.requestInfo
        self.maxUploadSize = context.maxUploadSize
        self.record = record
        self.authenticatedByCookie = context.authenticatedByCookie
    }

    /// The context the running operation's policy earned, as its router group bound it. Throws only if
    /// the operation was registered on another group, which `RouteRegistry.operation` never does.
    static var current: Self {
        get throws {
            guard let context = Requirement.bound.get() else {
                throw GatehouseError(.internalError, detail: "an API operation ran outside the group of its policy")
            }
            return context
        }
    }

    /// Binds the context for the operation of its group (swift-openapi-hummingbird passes operations
    /// no context of their own).
    struct Binding: RouterMiddleware {
        func handle(_ request: Request, context: EarnedContext, next: (Request, EarnedContext) async throws -> Response) async throws -> Response {
            try await Requirement.bound.withValue(context) {
                try await next(request, context)
            }
        }
    }
}

typealias SessionContext = EarnedContext<AnySession>
typealias SignedInContext = EarnedContext<SignedIn>

/// What a route asks of the presented session before its handler may run.
protocol SessionRequirement: Sendable {
    /// Refuses a session that does not meet the requirement, as the matching policy would.
    static func admit(_ record: SessionRecord) throws
    /// Where a running operation finds its context.
    static var bound: TaskLocal<EarnedContext<Self>?> { get }
}

/// Any session, pending at a sign-in step or signed in (the policy names which steps).
enum AnySession: SessionRequirement {
    @TaskLocal static var current: SessionContext?
    static var bound: TaskLocal<SessionContext?> { $current }

    static func admit(_ record: SessionRecord) throws {}
}

/// A session past every sign-in step.
enum SignedIn: SessionRequirement {
    @TaskLocal static var current: SignedInContext?
    static var bound: TaskLocal<SignedInContext?> { $current }

    static func admit(_ record: SessionRecord) throws {
        guard record.session.status == .authenticated else { throw Problem(.forbidden, record.session.status.errorCode) }
    }
}

/// The request context of a route an API token may call as well as a signed-in session
/// (`permission:…`, `caller`): the caller is there as a value, with what it may do. The build fails
/// the way the policy does for anyone else.
struct CallerContext: ChildRequestContext {
    typealias ParentContext = GatehouseRequestContext
    var coreContext: CoreRequestContextStorage
    let requestInfo: RequestInfo
    let maxUploadSize: Int
    let caller: Caller

    var account: Account { caller.account }

    init(context: GatehouseRequestContext) throws {
        guard let caller = context.caller else {
            if let record = context.auth { throw Problem(.forbidden, record.session.status.errorCode) }
            throw PolicyMiddleware.unauthenticated(context)
        }
        self.coreContext = context.coreContext
        self.requestInfo = context.requestInfo
        self.maxUploadSize = context.maxUploadSize
        self.caller = caller
    }

    @TaskLocal static var bound: CallerContext?

    /// The context of the running operation, as its router group bound it.
    static var current: CallerContext {
        get throws {
            guard let bound else { throw GatehouseError(.internalError, detail: "an API operation ran outside the group of its policy") }
            return bound
        }
    }

    struct Binding: RouterMiddleware {
        func handle(_ request: Request, context: CallerContext, next: (Request, CallerContext) async throws -> Response) async throws -> Response {
            try await CallerContext.$bound.withValue(context) {
                try await next(request, context)
            }
        }
    }
}
