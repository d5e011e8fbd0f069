/// The pages' only script, served at `/static/gatehouse.js`: optional (every page works without
/// JavaScript), it makes the "Copy" button next to a secret shown once copy it to the clipboard.
public enum Script {
    public static let path = "/static/gatehouse.js"
    public static let contentType = "text/javascript; charset=utf-8"
    /// `Resources/gatehouse.js`, embedded into the binary.
    public static let source = String(decoding: PackageResources.gatehouse_js, as: UTF8.self)
}
