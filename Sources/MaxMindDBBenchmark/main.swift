// Single-threaded lookup throughput of MaxMindDB.location(_:language:) and friends.
// Usage: MaxMindDBBenchmark [path.mmdb] [seconds-per-scenario] [scenario-name-filter]
import Foundation
import MaxMindDB

let arguments = CommandLine.arguments
let path = arguments.count > 1 ? arguments[1] : "/work/shared/data/geoip/GeoIP2-City-Test.mmdb"
let secondsPerScenario = arguments.count > 2 ? Double(arguments[2]) ?? 1 : 1
let scenarioFilter = arguments.count > 3 ? arguments[3] : ""

let database: MaxMindDB
do {
    database = try MaxMindDB(path: path)
} catch {
    print("cannot open \(path): \(error)")
    exit(1)
}

/// SplitMix64, so every run uses the same addresses.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

var generator = SplitMix64(state: 42)
let randomIPv4: [String] = (0..<65_536).map { _ in
    let value = UInt32.random(in: .min ... .max, using: &generator)
    return "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
}
/// Addresses with a city or country in MaxMind's test databases or the Gatehouse loopback DB;
/// only those that hit in the database under test are used.
let candidates = [
    "81.2.69.142", "81.2.69.160", "89.160.20.112", "89.160.20.128", "216.160.83.56",
    "175.16.199.0", "2.125.160.216", "67.43.156.0", "202.196.224.0", "2001:480:10::", "2a02:d280::",
    "127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4", "::1",
]
let knownHits = candidates.filter { database.location($0) != nil }
let knownHitBytes: [[UInt8]] = knownHits.filter { !$0.contains(":") }.map { $0.split(separator: ".").compactMap { UInt8($0) } }
guard !knownHits.isEmpty, !knownHitBytes.isEmpty else {
    print("no known addresses hit in \(path)")
    exit(1)
}

/// CPU time consumed by this thread, in seconds (unaffected by other processes on shared cores).
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// Runs `body` over `inputs` round-robin for about `secondsPerScenario`; prints lookups per
/// second of thread CPU time (one core) and of wall-clock time.
func measure<Input>(_ name: String, _ inputs: [Input], _ body: (Input) -> Int) {
    guard scenarioFilter.isEmpty || name.contains(scenarioFilter) else { return }
    let clock = ContinuousClock()
    var checksum = 0
    var lookups = 0
    var hits = 0
    let start = clock.now
    let cpuStart = threadCPUSeconds()
    var elapsed = Duration.zero
    repeat {
        for input in inputs {
            let result = body(input)
            checksum &+= result
            hits += result > 0 ? 1 : 0
        }
        lookups += inputs.count
        elapsed = clock.now - start
    } while elapsed < .seconds(secondsPerScenario)
    let cpuSeconds = threadCPUSeconds() - cpuStart
    let wallSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let perCPUSecond = Double(lookups) / cpuSeconds
    let perWallSecond = Double(lookups) / wallSeconds
    let padded = name.padding(toLength: 48, withPad: " ", startingAt: 0)
    print("\(padded) \(String(format: "%10.0f", perCPUSecond)) /s CPU  \(String(format: "%10.0f", perWallSecond)) /s wall  \(String(format: "%7.1f", cpuSeconds * 1e9 / Double(lookups))) ns  hits \(hits * 100 / max(lookups, 1))%  n=\(lookups)  (checksum \(checksum & 0xFFFF))")
}

func score(_ location: Location?) -> Int {
    guard let location else { return 0 }
    return 1 + (location.city?.utf8.count ?? 0) + (location.country?.utf8.count ?? 0) + (location.countryCode?.utf8.count ?? 0)
}

print("database \(path): \(database.metadata.databaseType), \(database.metadata.nodeCount) nodes, record size \(database.metadata.recordSize), mmap \(database.isMemoryMapped)")
print("single thread, \(secondsPerScenario) s per scenario")
measure("location(String, en), random IPv4", randomIPv4) { score(database.location($0, language: "en")) }
measure("location(String, en), known hits", knownHits) { score(database.location($0, language: "en")) }
measure("location(String, ru), known hits (en fallback)", knownHits) { score(database.location($0, language: "ru")) }
measure("location(bytes:, en), known IPv4 hits", knownHitBytes) { score(database.location(bytes: $0, language: "en")) }
measure("lookup(String) full Value decode, known hits", knownHits) { database.lookup($0) == nil ? 0 : 1 }
