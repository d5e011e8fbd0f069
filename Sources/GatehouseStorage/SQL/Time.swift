import Foundation

/// Times are stored as whole milliseconds since the Unix epoch (BIGINT) on both backends.
extension Date {
    var storageMillis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    init(storageMillis: Int64) {
        self.init(timeIntervalSince1970: Double(storageMillis) / 1000)
    }
}
