/// The eight data-mask patterns and the penalty rules used to choose among them
/// (ISO/IEC 18004 §7.8). `x` is the column, `y` the row.
enum Masking {
    static let patterns = 0..<8

    static func isInverted(mask: Int, x: Int, y: Int) -> Bool {
        switch mask {
        case 0: (x + y) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (x + y) % 3 == 0
        case 4: (x / 3 + y / 2) % 2 == 0
        case 5: x * y % 2 + x * y % 3 == 0
        case 6: (x * y % 2 + x * y % 3) % 2 == 0
        default: ((x + y) % 2 + x * y % 3) % 2 == 0
        }
    }

    /// The matrix with `mask` applied to every non-function module and the
    /// matching format information drawn.
    static func apply(mask: Int, to matrix: Matrix, level: ErrorCorrection) -> Matrix {
        var result = matrix
        for y in 0..<matrix.size {
            for x in 0..<matrix.size where !matrix.isFunctionModule(x: x, y: y) && isInverted(mask: mask, x: x, y: y) {
                result[x, y].toggle()
            }
        }
        result.drawFormatInformation(FormatInformation.bits(level: level, mask: mask))
        return result
    }

    // MARK: Penalty (Table 11)

    static let n1 = 3, n2 = 3, n3 = 40, n4 = 10

    /// Total penalty of a finished symbol; the encoder picks the lowest (first on ties).
    static func penalty(_ matrix: Matrix) -> Int {
        let size = matrix.size
        let modules = matrix.modules
        var score = 0
        var line = [Bool](repeating: false, count: size)
        for i in 0..<size {
            for j in 0..<size { line[j] = modules[i * size + j] }  // row i
            score += runPenalty(line) + finderLikePenalty(line)
            for j in 0..<size { line[j] = modules[j * size + i] }  // column i
            score += runPenalty(line) + finderLikePenalty(line)
        }
        return score + blockPenalty(matrix) + balancePenalty(matrix)
    }

    /// N1: each run of ≥ 5 same-coloured modules in a line scores 3 + (length − 5).
    static func runPenalty(_ line: [Bool]) -> Int {
        var score = 0
        var runStart = 0
        for i in 1...line.count where i == line.count || line[i] != line[runStart] {
            let length = i - runStart
            if length >= 5 { score += n1 + length - 5 }
            runStart = i
        }
        return score
    }

    /// N2: each 2×2 block of one colour scores 3 (overlapping blocks all count).
    static func blockPenalty(_ matrix: Matrix) -> Int {
        let size = matrix.size
        let m = matrix.modules
        var score = 0
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let i = y * size + x
                let c = m[i]
                if c == m[i + 1] && c == m[i + size] && c == m[i + size + 1] { score += n2 }
            }
        }
        return score
    }

    /// N3: a dark-light-dark-dark-dark-light-dark (1:1:3:1:1) run with four light
    /// modules before it, or after it, scores 40 for each such side. Modules beyond
    /// the symbol edge count as light, because the quiet zone a scanner sees is light.
    static func finderLikePenalty(_ line: [Bool]) -> Int {
        let n = line.count
        func isDark(_ i: Int) -> Bool { i >= 0 && i < n && line[i] }
        func lightRun(from i: Int) -> Bool { !(isDark(i) || isDark(i + 1) || isDark(i + 2) || isDark(i + 3)) }
        var score = 0
        var s = 0
        while s + 7 <= n {
            if line[s] && !line[s + 1] && line[s + 2] && line[s + 3] && line[s + 4] && !line[s + 5] && line[s + 6] {
                if lightRun(from: s - 4) { score += n3 }
                if lightRun(from: s + 7) { score += n3 }
            }
            s += 1
        }
        return score
    }

    /// N4: 10 points per full 5 % step that the dark share deviates from 50 %.
    static func balancePenalty(_ matrix: Matrix) -> Int {
        let total = matrix.modules.count
        var dark = 0
        for module in matrix.modules where module { dark += 1 }
        return abs(dark * 20 - total * 10) / total * n4
    }
}
