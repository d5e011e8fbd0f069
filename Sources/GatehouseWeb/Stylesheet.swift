/// The pages' only stylesheet, served at `/static/gatehouse.css`. The Content-Security-Policy
/// (`style-src 'self'`) allows no inline styles, so every rule lives here.
public enum Stylesheet {
    public static let path = "/static/gatehouse.css"
    public static let contentType = "text/css; charset=utf-8"

    /// `Resources/gatehouse.css`, embedded into the binary.
    public static let css = String(decoding: PackageResources.gatehouse_css, as: UTF8.self)
}
