/// City and country of an address, in one language.
public struct Location: Sendable, Hashable {
    /// `city.names[language]`, else `city.names.en`.
    public var city: String?
    /// `country.names[language]`, else `country.names.en`.
    public var country: String?
    /// `country.iso_code` (ISO 3166-1 alpha-2, e.g. `GB`).
    public var countryCode: String?

    public init(city: String?, country: String?, countryCode: String?) {
        self.city = city
        self.country = country
        self.countryCode = countryCode
    }
}

/// The typed fast path: walks the record map and decodes only `city.names`, `country.names`
/// and `country.iso_code`, skipping every other value without building it. Maps reached through
/// a pointer are left as soon as the wanted keys are seen; inline maps are walked once.
extension DataDecoder {
    func location(at offset: Int, language: UnsafeRawBufferPointer) throws(DecodeError) -> Location? {
        var city: String?
        var country: String?
        var countryCode: String?
        var seenCity = false
        var seenCountry = false
        _ = try walkMap(at: offset, needsEnd: false) { key, value throws(DecodeError) in
            if !seenCity, bytes(in: key, equal: "city") {
                seenCity = true
                let end = try walkMap(at: value, needsEnd: true) { key, value throws(DecodeError) in
                    guard bytes(in: key, equal: "names") else { return (nil, false) }
                    let names = try localizedName(at: value, language: language)
                    city = names.name
                    return (names.end, true)
                }
                return (end, seenCountry)
            }
            if !seenCountry, bytes(in: key, equal: "country") {
                seenCountry = true
                var seenNames = false
                var seenCode = false
                let end = try walkMap(at: value, needsEnd: true) { key, value throws(DecodeError) in
                    if !seenCode, bytes(in: key, equal: "iso_code") {
                        seenCode = true
                        guard let code = try? stringRange(at: value) else { return (nil, seenNames) }
                        countryCode = string(in: code.range)
                        return (code.next, seenNames)
                    }
                    if !seenNames, bytes(in: key, equal: "names") {
                        seenNames = true
                        let names = try localizedName(at: value, language: language)
                        country = names.name
                        return (names.end, seenCode)
                    }
                    return (nil, false)
                }
                return (end, seenCity)
            }
            return (nil, false)
        }
        guard city != nil || country != nil || countryCode != nil else { return nil }
        return Location(city: city, country: country, countryCode: countryCode)
    }

    /// `names[language]`, else `names.en` (non-string values count as absent), and the offset
    /// just past the names value.
    private func localizedName(at offset: Int, language: UnsafeRawBufferPointer) throws(DecodeError) -> (name: String?, end: Int) {
        var name: String?
        var english: Int?
        let end = try walkMap(at: offset, needsEnd: true) { key, value throws(DecodeError) in
            if bytes(in: key, equal: language), let match = try? stringRange(at: value) {
                name = string(in: match.range)
                return (match.next, true)
            }
            if english == nil, bytes(in: key, equal: "en") { english = value }
            return (nil, false)
        }
        if name == nil, let english, let match = try? stringRange(at: english) {
            name = string(in: match.range)
        }
        return (name, end ?? offset)
    }

    /// Walks the map at `offset` (following a pointer). `visit(key, valueOffset)` returns the
    /// offset past the value if it walked it (else the walker skips it) and whether it is done.
    /// Returns the offset just past the whole value in the enclosing stream when `needsEnd`
    /// (a value that is not a map is skipped), else `nil`. Once done, a map reached through a
    /// pointer is left at once; an inline map whose end is needed is skipped to its end.
    @inline(__always)
    private func walkMap(
        at offset: Int, needsEnd: Bool,
        _ visit: (_ key: Range<Int>, _ value: Int) throws(DecodeError) -> (end: Int?, done: Bool)
    ) throws(DecodeError) -> Int? {
        let (map, pointerEnd) = try resolvedField(at: offset)
        guard map.type == .map else {
            guard needsEnd else { return nil }
            if let pointerEnd { return pointerEnd }
            return try skip(at: offset)
        }
        let mustReachEnd = needsEnd && pointerEnd == nil
        var done = false
        var position = map.payload
        for _ in 0..<map.size {
            let key = try stringRange(at: position)
            if !done {
                let result = try visit(key.range, key.next)
                done = result.done
                if done, !mustReachEnd { return pointerEnd }
                if let end = result.end {
                    position = end
                    continue
                }
            }
            position = try skip(at: key.next)
        }
        return pointerEnd ?? position
    }
}
