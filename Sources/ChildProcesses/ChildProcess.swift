import Foundation

/// Child processes for the tests (the `gatehouse` binary, servers, and tools such as oathtool, argon2,
/// zbarimg), started and awaited without the traps Foundation's `Process` has on Linux when many
/// tests run at once in one process:
///
/// - `Process.run()` from two threads at once once crashed the test run inside `run()` (a `memcpy`),
///   so every launch here takes one lock;
/// - `waitUntilExit()` spins the calling thread's run loop and can miss the child's end and wait
///   forever, so the end is taken from `terminationHandler`, set before the launch;
/// - a pipe read to its end waits for every copy of its write end, and a child started at the same
///   moment can hold one; a child that writes more than a pipe holds blocks while nobody reads. So
///   output goes to files, read once the child has ended.
///
/// Every wait has a deadline: a child that does not end is killed and the test fails naming it,
/// instead of the whole run hanging.
public enum ChildProcess {
    /// What a child printed and how it ended.
    public struct Output: Sendable {
        public let status: Int32
        public let stdout: Data
        public let stderr: Data
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// The child did not end within its deadline; it was killed.
    public struct TimedOut: Error, CustomStringConvertible {
        public let description: String
    }

    private static let launchLock = NSLock()

    /// Launches a configured `Process` (executable, arguments, environment, standard streams). Its
    /// `terminationHandler` is Gatehouse's: use the returned `Running` to wait for it.
    public static func launch(_ process: Process) throws -> Running {
        let running = Running(process)
        process.terminationHandler = { _ in running.ended.signal() }
        try launchLock.withLock { try process.run() }
        return running
    }

    /// Runs a program to completion with `stdin` as its standard input (empty when nil), and returns
    /// its exit status and output. With `combineOutput`, standard error goes to `stdout` too.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        stdin: Data? = nil, combineOutput: Bool = false, timeout: Duration = .seconds(180)
    ) throws -> Output {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inputFile = scratch.appendingPathComponent("stdin"), outputFile = scratch.appendingPathComponent("stdout")
        let errorFile = scratch.appendingPathComponent("stderr")
        try (stdin ?? Data()).write(to: inputFile)
        try Data().write(to: outputFile)
        try Data().write(to: errorFile)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let input = try FileHandle(forReadingFrom: inputFile)
        let output = try FileHandle(forWritingTo: outputFile)
        let errors = combineOutput ? output : try FileHandle(forWritingTo: errorFile)
        defer {
            try? input.close()
            try? output.close()
            if !combineOutput { try? errors.close() }
        }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let running = try launch(process)
        guard running.waitForExit(timeout: timeout) else {
            running.kill()
            throw TimedOut(description: "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not end within \(timeout); killed")
        }
        return Output(status: process.terminationStatus, stdout: try Data(contentsOf: outputFile),
                      stderr: combineOutput ? Data() : try Data(contentsOf: errorFile))
    }
}

/// A launched child.
public final class Running: @unchecked Sendable {
    public let process: Process
    fileprivate let ended = ExitSignal()

    fileprivate init(_ process: Process) { self.process = process }

    public var processIdentifier: Int32 { process.processIdentifier }
    public var hasEnded: Bool { ended.isSet }
    /// The exit status (or the signal that ended it); only meaningful once it has ended.
    public var terminationStatus: Int32 { process.terminationStatus }

    /// Blocks the calling thread until the child ends or `timeout` passes; true if it ended.
    public func waitForExit(timeout: Duration) -> Bool {
        ended.wait(timeout: timeout)
    }

    /// Waits without blocking a thread until the child ends or `timeout` passes; true if it ended.
    public func exited(within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !ended.isSet {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// SIGTERM, then waits up to `timeout` for the child to end; SIGKILL if it has not. Returns
    /// whether it ended of its own accord after SIGTERM.
    @discardableResult
    public func stop(timeout: Duration = .seconds(30)) async -> Bool {
        guard !ended.isSet else { return true }
        Foundation.kill(process.processIdentifier, SIGTERM)
        if await exited(within: timeout) { return true }
        kill()
        return false
    }

    /// SIGKILL, and waits for the end to be seen.
    public func kill() {
        guard !ended.isSet else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        _ = ended.wait(timeout: .seconds(30))
    }
}

/// Set once, from the thread Foundation reports a child's end on.
final class ExitSignal: @unchecked Sendable {
    private let condition = NSCondition()
    private var set = false

    var isSet: Bool {
        condition.lock()
        defer { condition.unlock() }
        return set
    }

    func signal() {
        condition.lock()
        set = true
        condition.broadcast()
        condition.unlock()
    }

    func wait(timeout: Duration) -> Bool {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        defer { condition.unlock() }
        while !set {
            if !condition.wait(until: deadline) { return set }
        }
        return true
    }
}
