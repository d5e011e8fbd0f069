import Foundation

/// The wall clock, injected so that tests control time (idle timeouts, token lifetimes, TOTP steps).
public protocol WallClock: Sendable {
    func now() -> Date
}

public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}
