import Synchronization

/// The first error that broke a connection, shared between the channel handler (which records
/// it) and the connection (which reports it for commands that could not even be written because
/// the pipeline was already torn down).
final class SMTPConnectionFailure: Sendable {
    private let error = Mutex<SMTPError?>(nil)

    var value: SMTPError? { error.withLock { $0 } }

    func record(_ newError: SMTPError) {
        error.withLock { if $0 == nil { $0 = newError } }
    }
}
