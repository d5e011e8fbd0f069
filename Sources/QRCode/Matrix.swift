/// A square module grid plus which modules belong to function patterns
/// (those are never masked and never carry data).
struct Matrix: Sendable, Equatable {
    let size: Int
    private(set) var modules: [Bool]
    private(set) var isFunction: [Bool]

    init(version: Int) {
        size = VersionTable.size(version: version)
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
        drawFunctionPatterns(version: version)
    }

    subscript(x: Int, y: Int) -> Bool {
        get { modules[y * size + x] }
        set { modules[y * size + x] = newValue }
    }

    func isFunctionModule(x: Int, y: Int) -> Bool { isFunction[y * size + x] }

    private mutating func setFunction(x: Int, y: Int, dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    // MARK: Function patterns

    private mutating func drawFunctionPatterns(version: Int) {
        // Timing first: finders and alignment patterns overwrite its ends.
        for i in 0..<size {
            setFunction(x: 6, y: i, dark: i % 2 == 0)
            setFunction(x: i, y: 6, dark: i % 2 == 0)
        }
        drawFinder(centerX: 3, centerY: 3)
        drawFinder(centerX: size - 4, centerY: 3)
        drawFinder(centerX: 3, centerY: size - 4)

        let centers = VersionTable.alignmentPatternCenters[version]
        let last = centers.count - 1
        for (i, cy) in centers.enumerated() {
            for (j, cx) in centers.enumerated() {
                // The three positions taken by finder patterns get no alignment pattern.
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                drawAlignment(centerX: cx, centerY: cy)
            }
        }
        // Reserve format areas now (real bits depend on the mask), and version info.
        drawFormatInformation(0)
        if version >= 7 { drawVersionInformation(FormatInformation.versionBits(version: version)) }
    }

    /// 7×7 finder plus its one-module light separator, clipped at the symbol edge.
    private mutating func drawFinder(centerX: Int, centerY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = centerX + dx, y = centerY + dy
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let ring = max(abs(dx), abs(dy))
                setFunction(x: x, y: y, dark: ring != 2 && ring != 4)
            }
        }
    }

    private mutating func drawAlignment(centerX: Int, centerY: Int) {
        for dy in -2...2 {
            for dx in -2...2 {
                setFunction(x: centerX + dx, y: centerY + dy, dark: max(abs(dx), abs(dy)) != 1)
            }
        }
    }

    /// Both copies of the 15 format bits (bit 0 = least significant), plus the dark module.
    mutating func drawFormatInformation(_ bits: Int) {
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        // Copy 1, around the top-left finder: down column 8, then left along row 8,
        // skipping the timing pattern at row/column 6.
        for i in 0...5 { setFunction(x: 8, y: i, dark: bit(i)) }
        setFunction(x: 8, y: 7, dark: bit(6))
        setFunction(x: 8, y: 8, dark: bit(7))
        setFunction(x: 7, y: 8, dark: bit(8))
        for i in 9..<15 { setFunction(x: 14 - i, y: 8, dark: bit(i)) }
        // Copy 2, split between the top-right and bottom-left finders.
        for i in 0..<8 { setFunction(x: size - 1 - i, y: 8, dark: bit(i)) }
        for i in 8..<15 { setFunction(x: 8, y: size - 15 + i, dark: bit(i)) }
        setFunction(x: 8, y: size - 8, dark: true)  // the "dark module", always set
    }

    /// Two 6×3 copies of the 18 version bits, beside the top-right and bottom-left finders.
    private mutating func drawVersionInformation(_ bits: Int) {
        for i in 0..<18 {
            let dark = (bits >> i) & 1 == 1
            let a = size - 11 + i % 3
            let b = i / 3
            setFunction(x: a, y: b, dark: dark)
            setFunction(x: b, y: a, dark: dark)
        }
    }

    // MARK: Data

    /// Places codewords in the two-column zigzag from the bottom-right corner,
    /// skipping function modules and the vertical timing column. Modules left
    /// over are the remainder bits and stay light (0).
    mutating func placeCodewords(_ codewords: [UInt8]) {
        let totalBits = codewords.count * 8
        var bitIndex = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }  // column 6 is all timing pattern
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !isFunction[y * size + x] && bitIndex < totalBits {
                    modules[y * size + x] = (codewords[bitIndex >> 3] >> (7 - UInt8(bitIndex & 7))) & 1 == 1
                    bitIndex += 1
                }
            }
            right -= 2
        }
    }

    /// Count of modules that may hold data or remainder bits (for cross-checking tables).
    var dataModuleCount: Int { isFunction.lazy.filter { !$0 }.count }
}
