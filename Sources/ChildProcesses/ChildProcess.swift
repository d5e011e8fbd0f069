import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Child processes for the tests (the `gatehouse` binary, servers, PostgreSQL's tools, oathtool,
/// argon2, zbarimg), started with `posix_spawn` and awaited with `waitpid`, not with Foundation's
/// `Process`, whose traps on Linux hung or crashed the test run when many tests run at once:
///
/// - `Process.run()` from two threads at once crashed the run inside `run()` (a `memcpy`);
/// - `Process` learns that a child ended through a descriptor the child inherits, so a child that
///   leaves a daemon behind (`pg_ctl start`) is never seen to end, and `waitUntilExit()` spins the
///   calling thread's run loop, which can miss the end altogether;
/// - a pipe read to its end waits for every copy of its write end, and a child that writes more
///   than a pipe holds blocks while nobody reads. Output here goes to files, read once the child ended.
///
/// Each child gets its own thread blocked in `waitpid`, so its end is seen whatever it left running.
/// Every wait has a deadline: a child that does not end is killed and the test fails naming it,
/// instead of the whole run hanging. Children start with default signal dispositions and an empty
/// signal mask, and inherit no descriptor beyond their standard three.
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

    /// `posix_spawn` failed (a missing or non-executable program, for instance).
    public struct SpawnFailed: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `executable` with `arguments`; standard streams default to /dev/null, the environment to
    /// this process's. The caller may close its handles once this returns.
    public static func start(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        stdin: FileHandle? = nil, stdout: FileHandle? = nil, stderr: FileHandle? = nil
    ) throws -> Running {
        let null = try FileHandle(forUpdating: URL(fileURLWithPath: "/dev/null"))
        defer { try? null.close() }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, (stdin ?? null).fileDescriptor, 0)
        posix_spawn_file_actions_adddup2(&actions, (stdout ?? null).fileDescriptor, 1)
        posix_spawn_file_actions_adddup2(&actions, (stderr ?? null).fileDescriptor, 2)
        guard Spawn.closeFrom(&actions, 3) == 0 else { throw SpawnFailed(description: "posix_spawn_file_actions_addclosefrom_np failed") }
        if let directory, Spawn.changeDirectory(&actions, directory.path) != 0 {
            throw SpawnFailed(description: "posix_spawn_file_actions_addchdir_np failed for \(directory.path)")
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let variables = environment.map { $0.map { "\($0.key)=\($0.value)" } } ?? ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        let envp = variables.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }

        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw SpawnFailed(description: "cannot start \(executable.path): \(String(cString: strerror(result)))")
        }
        return Running(pid)
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

        let input = try FileHandle(forReadingFrom: inputFile)
        let output = try FileHandle(forWritingTo: outputFile)
        let errors = combineOutput ? output : try FileHandle(forWritingTo: errorFile)
        defer {
            try? input.close()
            try? output.close()
            if !combineOutput { try? errors.close() }
        }
        let running = try start(executable, arguments, environment: environment, directory: directory, stdin: input, stdout: output, stderr: errors)
        guard running.waitForExit(timeout: timeout) else {
            running.kill()
            throw TimedOut(description: "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not end within \(timeout); killed")
        }
        return Output(status: running.terminationStatus, stdout: try Data(contentsOf: outputFile),
                      stderr: combineOutput ? Data() : try Data(contentsOf: errorFile))
    }
}

/// A started child.
public final class Running: Sendable {
    public let processIdentifier: Int32
    private let ended = ExitSignal()

    fileprivate init(_ pid: pid_t) {
        processIdentifier = pid
        let ended = self.ended
        // A thread of its own waits for this child alone, so its end is seen whatever it left behind.
        let waiter = Thread {
            var status: Int32 = 0
            var reaped = waitpid(pid, &status, 0)
            while reaped == -1 && errno == EINTR { reaped = waitpid(pid, &status, 0) }
            // The exit status, or the number of the signal that ended it (as Foundation reports it);
            // -1 if the child could not be waited for (someone else reaped it).
            ended.signal(reaped == -1 ? -1 : status & 0x7F == 0 ? (status >> 8) & 0xFF : status & 0x7F)
        }
        waiter.start()
    }

    public var hasEnded: Bool { ended.isSet }
    /// The exit status (or the signal that ended it); only meaningful once it has ended.
    public var terminationStatus: Int32 { ended.status }

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
        signal(SIGTERM)
        if await exited(within: timeout) { return true }
        kill()
        return false
    }

    /// Sends `signal` to the child unless it has ended.
    public func signal(_ signal: Int32) {
        guard !ended.isSet else { return }
        _ = Glibc.kill(processIdentifier, signal)
    }

    /// SIGKILL, and waits for the end to be seen.
    public func kill() {
        guard !ended.isSet else { return }
        _ = Glibc.kill(processIdentifier, SIGKILL)
        _ = ended.wait(timeout: .seconds(30))
    }
}

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34) and `…_addchdir_np` (2.29), which the
/// Swift Glibc module does not declare.
enum Spawn {
    typealias FileActionNumber = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    typealias FileActionPath = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32

    static func closeFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ descriptor: Int32) -> Int32 {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return -1 }
        return unsafeBitCast(symbol, to: FileActionNumber.self)(actions, descriptor)
    }

    static func changeDirectory(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: String) -> Int32 {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return -1 }
        return path.withCString { unsafeBitCast(symbol, to: FileActionPath.self)(actions, $0) }
    }
}

/// Set once, from the thread that saw the child end.
final class ExitSignal: @unchecked Sendable {
    private let condition = NSCondition()
    private var set = false
    private var code: Int32 = 0

    var isSet: Bool {
        condition.lock()
        defer { condition.unlock() }
        return set
    }

    var status: Int32 {
        condition.lock()
        defer { condition.unlock() }
        return code
    }

    func signal(_ status: Int32) {
        condition.lock()
        code = status
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
