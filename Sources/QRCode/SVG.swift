extension QRCode {
    /// Light modules required around the symbol (ISO/IEC 18004 §6.3.8).
    public static let quietZone = 4

    /// A standalone SVG document of the symbol with its quiet zone.
    ///
    /// The `viewBox` is in modules; `width`/`height` are `moduleSize` px per module.
    /// Dark modules form one `<path>` of merged horizontal runs. No `style`
    /// attributes or scripts, so it passes a strict Content-Security-Policy.
    /// - Parameters:
    ///   - moduleSize: pixels per module (values below 1 are treated as 1).
    ///   - title: accessible name, emitted as `<title>` and `aria-label` (XML-escaped).
    public func svg(moduleSize: Int = 4, title: String? = nil) -> String {
        let extent = size + 2 * Self.quietZone
        let pixels = extent * max(1, moduleSize)
        var svg = #"<svg xmlns="http://www.w3.org/2000/svg" version="1.1""#
        svg += #" width="\#(pixels)" height="\#(pixels)" viewBox="0 0 \#(extent) \#(extent)""#
        svg += #" shape-rendering="crispEdges""#
        if let title {
            let escaped = XML.escape(title)
            svg += #" role="img" aria-label="\#(escaped)"><title>\#(escaped)</title>"#
        } else {
            svg += ">"
        }
        svg += ##"<rect width="\##(extent)" height="\##(extent)" fill="#fff"/>"##
        svg += ##"<path fill="#000" d="\##(darkModulesPath())"/></svg>"##
        return svg
    }

    /// One closed rectangle per horizontal run of dark modules: "M x y h n v1 h -n z".
    func darkModulesPath() -> String {
        var path = ""
        path.reserveCapacity(size * size)
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else { x += 1; continue }
                let start = x
                while x < size && isDark(x: x, y: y) { x += 1 }
                let run = x - start
                path += "M\(start + Self.quietZone) \(y + Self.quietZone)h\(run)v1h-\(run)z"
            }
        }
        return path
    }
}

enum XML {
    /// Escapes text for attribute values and element content; drops characters
    /// XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) so the document stays well-formed.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
