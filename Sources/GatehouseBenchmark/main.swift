// Times Argon2id at the default parameters (m=19456 KiB, t=2, p=1) against the
// reference C implementation's `argon2` CLI on the same inputs.
//
// Usage: Argon2Benchmark [runs] [--swift-only]   (default 20 runs after 2 warm-ups)
//
// Runs are interleaved (Swift, CLI, /bin/true, Swift, …) so that load from other
// processes on a shared machine hits all three alike. The CLI is timed including its
// process spawn; the /bin/true line measures that spawn so the reader can subtract it.
import Argon2

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let arguments = CommandLine.arguments.dropFirst()
let runs = arguments.lazy.compactMap { Int($0) }.first.map { max(1, $0) } ?? 20
let swiftOnly = arguments.contains("--swift-only")
let warmUps = 2
let password = "correct horse battery staple"
let salt = "saltsaltsalt1234"
let parameters = Argon2Parameters.default
let cliPath = (["/usr/bin/argon2", "/usr/local/bin/argon2"] as [String]).first { access($0, X_OK) == 0 }

struct Sample {
    var wall: Double  // ms
    var cpu: Double  // ms, user + system
    var output = ""
}

func nowMs(_ clock: clockid_t) -> Double {
    var time = timespec()
    clock_gettime(clock, &time)
    return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
}

func milliseconds(_ time: timeval) -> Double { Double(time.tv_sec) * 1000 + Double(time.tv_usec) / 1000 }

struct SpawnError: Error, CustomStringConvertible {
    var description: String
}

/// posix_spawn with stdin/stdout pipes; returns stdout and the child's CPU time (wait4).
func spawn(_ path: String, _ arguments: [String], input: String) throws -> (output: String, cpu: Double) {
    var stdinPipe: [Int32] = [0, 0]
    var stdoutPipe: [Int32] = [0, 0]
    guard pipe(&stdinPipe) == 0, pipe(&stdoutPipe) == 0 else { throw SpawnError(description: "pipe failed") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
    posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
    for fd in stdinPipe + stdoutPipe { posix_spawn_file_actions_addclose(&actions, fd) }

    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid = pid_t()
    let status = posix_spawn(&pid, path, &actions, nil, argv, environ)
    close(stdinPipe[0])
    close(stdoutPipe[1])
    guard status == 0 else {
        close(stdinPipe[1])
        close(stdoutPipe[0])
        throw SpawnError(description: "posix_spawn \(path) failed: \(status)")
    }
    let bytes = Array(input.utf8)
    _ = bytes.withUnsafeBytes { write(stdinPipe[1], $0.baseAddress, $0.count) }
    close(stdinPipe[1])
    var output = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(stdoutPipe[0], $0.baseAddress, $0.count) }
        if count <= 0 { break }
        output += buffer[0..<count]
    }
    close(stdoutPipe[0])
    var exitStatus: Int32 = 0
    var usage = rusage()
    wait4(pid, &exitStatus, 0, &usage)
    let text = String(decoding: output, as: UTF8.self).filter { !$0.isNewline }
    return (text, milliseconds(usage.ru_utime) + milliseconds(usage.ru_stime))
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 0 ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
}

func format(_ value: Double, width: Int = 8) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = abs(hundredths % 100)
    let text = "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    return String(repeating: " ", count: max(0, width - text.count)) + text
}

let hasher = Argon2idHasher(parameters: parameters)
func timeSwift() throws -> Sample {
    let wallStart = nowMs(CLOCK_MONOTONIC)
    let cpuStart = nowMs(CLOCK_THREAD_CPUTIME_ID)
    let output = try hasher.hash(password: password.utf8, salt: Array(salt.utf8))
    return Sample(
        wall: nowMs(CLOCK_MONOTONIC) - wallStart, cpu: nowMs(CLOCK_THREAD_CPUTIME_ID) - cpuStart, output: output)
}

func timeSpawn(_ path: String, _ arguments: [String], input: String) throws -> Sample {
    let wallStart = nowMs(CLOCK_MONOTONIC)
    let (output, cpu) = try spawn(path, arguments, input: input)
    return Sample(wall: nowMs(CLOCK_MONOTONIC) - wallStart, cpu: cpu, output: output)
}

let cliArguments = [
    salt, "-id", "-t", "\(parameters.iterations)", "-k", "\(parameters.memoryKiB)",
    "-p", "\(parameters.parallelism)", "-l", "\(parameters.hashLength)", "-e",
]
var swiftSamples: [Sample] = []
var cliSamples: [Sample] = []
var spawnSamples: [Sample] = []
var firstSwift: Sample?
for run in 0..<(warmUps + runs) {
    let swift = try timeSwift()
    if run == 0 { firstSwift = swift }
    if run >= warmUps { swiftSamples.append(swift) }
    guard !swiftOnly, let cliPath else { continue }
    let cli = try timeSpawn(cliPath, cliArguments, input: password)
    let spawnOnly = try timeSpawn("/bin/true", [], input: "")
    if run >= warmUps {
        cliSamples.append(cli)
        spawnSamples.append(spawnOnly)
    }
}

print("Argon2id m=\(parameters.memoryKiB) KiB t=\(parameters.iterations) p=\(parameters.parallelism),"
    + " \(runs) interleaved runs after \(warmUps) warm-ups")
print("                              wall median  wall min   CPU median (user+sys)")
func report(_ name: String, _ samples: [Sample]) {
    let wall = samples.map(\.wall)
    print(name.padding(30) + format(median(wall)) + " ms" + format(wall.min() ?? 0) + " ms"
        + format(median(samples.map(\.cpu))) + " ms")
}
report("Swift (in-process)", swiftSamples)
// The first hash also pays for faulting in fresh pages, as every CLI run does.
if let firstSwift { report("Swift first call (cold pages)", [firstSwift]) }
if swiftOnly { exit(0) }
guard cliPath != nil else {
    print("argon2 CLI not found: install it with `apt-get install -y argon2` to compare")
    exit(1)
}
report("argon2 CLI (incl. spawn)", cliSamples)
report("/bin/true (spawn only)", spawnSamples)
let swiftMedian = median(swiftSamples.map(\.wall))
let cliMedian = median(cliSamples.map(\.wall))
let spawnMedian = median(spawnSamples.map(\.wall))
print("ratio Swift / CLI (wall):           " + format(swiftMedian / cliMedian, width: 0))
print("ratio Swift / (CLI − spawn) (wall): " + format(swiftMedian / max(cliMedian - spawnMedian, 0.001), width: 0))
print("ratio Swift / CLI (CPU time):       "
    + format(median(swiftSamples.map(\.cpu)) / median(cliSamples.map(\.cpu)), width: 0))
let ours = swiftSamples.last?.output ?? ""
let reference = cliSamples.last?.output ?? ""
guard ours == reference else {
    print("OUTPUT MISMATCH\n  swift: \(ours)\n  C:     \(reference)")
    exit(1)
}
print("outputs match: \(ours)")

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
