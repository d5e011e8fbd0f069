import GatehouseCore
import Hummingbird

/// The request context of a route whose policy needs a session, pending or signed in (`any session`,
/// `pending:<status>`): the session is there, not optional. Hummingbird builds it from the request's
/// `GatehouseRequestContext` after `PolicyMiddleware` has let the request through; the build fails
/// the same way the policy does, so a route registered with this context can never run without one.
struct SessionContext: ChildRequestContext {
    typealias ParentContext = GatehouseRequestContext
    var coreContext: CoreRequestContextStorage
    let requestInfo: RequestInfo
    let maxUploadSize: Int
    /// The presented session and its account.
    let record: SessionRecord
    /// Cookie-authenticated requests are the ones CSRF protection covers.
    let authenticatedByCookie: Bool

    init(context: GatehouseRequestContext) throws {
        guard let record = context.auth else { throw PolicyMiddleware.unauthenticated(context) }
        self.coreContext = context.coreContext
        self.requestInfo = context.requestInfo
        self.maxUploadSize = context.maxUploadSize
        self.record = record
        self.authenticatedByCookie = context.authenticatedByCookie
    }
}

/// The request context of a route for signed-in people (`authenticated`, `role:<name>`): a session
/// that has passed every sign-in step, and its account.
struct SignedInContext: ChildRequestContext {
    typealias ParentContext = GatehouseRequestContext
    var coreContext: CoreRequestContextStorage
    let requestInfo: RequestInfo
    let maxUploadSize: Int
    /// The signed-in session and its account.
    let record: SessionRecord
    let authenticatedByCookie: Bool

    var account: Account { record.account }

    init(context: GatehouseRequestContext) throws {
        guard let record = context.auth else { throw PolicyMiddleware.unauthenticated(context) }
        guard record.session.status == .authenticated else { throw Problem(.forbidden, record.session.status.errorCode) }
        self.coreContext = context.coreContext
        self.requestInfo = context.requestInfo
        self.maxUploadSize = context.maxUploadSize
        self.record = record
        self.authenticatedByCookie = context.authenticatedByCookie
    }
}

/// A context that carries a session, as the pages and operations bound to one need it.
protocol SessionBearingContext: BindableContext {
    var requestInfo: RequestInfo { get }
    var record: SessionRecord { get }
}

extension SessionContext: SessionBearingContext {}
extension SignedInContext: SessionBearingContext {}
