/// A User-Agent string as bytes, with its `Name/Version` product tokens found once.
struct UATokens {
    struct Product {
        let name: Range<Int>
        let version: Range<Int>
    }

    let bytes: [UInt8]
    let products: [Product]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var products: [Product] = []
        products.reserveCapacity(16)
        for slash in bytes.indices where bytes[slash] == UInt8(ascii: "/") {
            var start = slash
            while start > 0, Self.isNameByte(bytes[start - 1]) { start -= 1 }
            guard start < slash else { continue }
            var end = slash + 1
            while end < bytes.count, !Self.isVersionTerminator(bytes[end]) { end += 1 }
            products.append(Product(name: start..<slash, version: (slash + 1)..<end))
        }
        self.products = products
    }

    /// The first product token called exactly `name`.
    func product(_ name: [UInt8]) -> Product? {
        products.first { $0.name.count == name.count && bytes[$0.name].elementsEqual(name) }
    }

    func startsWith(_ prefix: [UInt8]) -> Bool { bytes.starts(with: prefix) }

    /// Index just past the first occurrence of `needle` at or after `from`.
    func end(of needle: [UInt8], from: Int = 0) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count, from >= 0 else { return nil }
        return bytes.withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { needle in
                let last = haystack.count - needle.count
                var index = from
                while index <= last {
                    if haystack[index] == first {
                        var offset = 1
                        while offset < needle.count, haystack[index + offset] == needle[offset] { offset += 1 }
                        if offset == needle.count { return index + offset }
                    }
                    index += 1
                }
                return nil
            }
        }
    }

    func contains(_ needle: [UInt8]) -> Bool { end(of: needle) != nil }

    /// Like ``contains(_:)`` but `needle` must not touch a letter or digit on either side.
    func containsWord(_ needle: [UInt8]) -> Bool {
        var from = 0
        while let end = end(of: needle, from: from) {
            let start = end - needle.count
            let before = start == 0 || !Self.isAlphanumeric(bytes[start - 1])
            let after = end == bytes.count || !Self.isAlphanumeric(bytes[end])
            if before && after { return true }
            from = start + 1
        }
        return false
    }

    /// The run of ASCII digits starting at `index`, or nil if there is none.
    func digits(at index: Int) -> String? {
        var end = index
        while end < bytes.count, Self.isDigit(bytes[end]) { end += 1 }
        return end > index ? String(decoding: bytes[index..<end], as: UTF8.self) : nil
    }

    /// The leading digits of a product's version ("131.0.0.0" → "131").
    func major(of product: Product) -> String? {
        digits(at: product.version.lowerBound)
    }

    func name(of product: Product) -> String { String(decoding: bytes[product.name], as: UTF8.self) }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }

    private static func isVersionTerminator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: ";"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","): true
        default: false
        }
    }
}

/// ASCII literal as bytes, for the rule tables.
func bytes(_ text: StaticString) -> [UInt8] {
    text.withUTF8Buffer { Array($0) }
}
