// Parses every string in BenchmarkStrings.all 100 000 times and prints parses per second.
// Run optimised: swift run -c release UserAgentBenchmark
import UserAgent

let rounds = 100_000
let clock = ContinuousClock()
var checksum = 0
let elapsed = clock.measure {
    for _ in 0..<rounds {
        for userAgent in BenchmarkStrings.all {
            checksum &+= UserAgentParser.parse(userAgent).browserFamily.utf8.count
        }
    }
}
let parses = rounds * BenchmarkStrings.all.count
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let milliseconds = Int(seconds * 1000)
print("\(parses) parses of \(BenchmarkStrings.all.count) strings in \(milliseconds) ms: "
    + "\(Int(Double(parses) / seconds)) parses/s (checksum \(checksum))")
