import Foundation

/// Punycode (RFC 3492) and the ASCII form of an internationalised domain name (RFC 5890/5891), so
/// that `ivan@пример.рф` can travel through a server that knows only ASCII as
/// `ivan@xn--e1afmkfd.xn--p1ai`.
enum Punycode {
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 0x80

    /// The Punycode of `input` (without the `xn--` prefix), or nil on overflow.
    static func encode(_ input: String) -> String? {
        let points = input.unicodeScalars.map { Int($0.value) }
        var output = points.filter { $0 < initialN }.map { Character(Unicode.Scalar(UInt8($0))) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append("-") }
        var n = initialN, delta = 0, bias = initialBias
        while handled < points.count {
            guard let next = points.filter({ $0 >= n }).min(), next - n <= (Int(Int32.max) - delta) / (handled + 1) else { return nil }
            delta += (next - n) * (handled + 1)
            n = next
            for point in points {
                if point < n { delta += 1 }
                guard point == n else { continue }
                var q = delta
                var k = base
                while true {
                    let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                    if q < t { break }
                    output.append(digit(t + (q - t) % (base - t)))
                    q = (q - t) / (base - t)
                    k += base
                }
                output.append(digit(q))
                bias = adapt(delta, points: handled + 1, first: handled == basicCount)
                delta = 0
                handled += 1
            }
            delta += 1
            n += 1
        }
        return String(output)
    }

    private static func digit(_ value: Int) -> Character {
        Character(Unicode.Scalar(UInt8(value < 26 ? 0x61 + value : 0x30 + value - 26)))
    }

    private static func adapt(_ delta: Int, points: Int, first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / points
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    /// The A-label form of `domain`: labels in ASCII stay as they are (lower-cased), others become
    /// `xn--` + Punycode of their lower-cased NFC form. The ideographic full stops count as dots
    /// (UTS 46). Nil when a label is empty or longer than 63 octets, or the name longer than 253.
    static func asciiDomain(_ domain: String) -> String? {
        let dots: Set<Unicode.Scalar> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]
        let unified = String(String.UnicodeScalarView(domain.unicodeScalars.map { dots.contains($0) ? "." : $0 }))
        var labels: [String] = []
        for label in unified.split(separator: ".", omittingEmptySubsequences: false) {
            let folded = String(label).lowercased().precomposedStringWithCanonicalMapping
            let ascii: String
            if folded.unicodeScalars.allSatisfy({ $0.isASCII }) {
                ascii = folded
            } else {
                guard let encoded = encode(folded) else { return nil }
                ascii = "xn--" + encoded
            }
            guard !ascii.isEmpty, ascii.utf8.count <= 63 else { return nil }
            labels.append(ascii)
        }
        let name = labels.joined(separator: ".")
        return name.utf8.count <= 253 ? name : nil
    }
}
