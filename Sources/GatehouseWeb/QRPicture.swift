import QRCode

/// The `otpauth://` URI of a two-factor setup as a QR code (byte mode, level M), SVG: drawn here, for
/// the setup page and the API, so Core draws nothing.
public enum QRPicture {
    public static func svg(_ text: String, issuer: String) throws -> String {
        try QRCode(text: text, errorCorrection: .medium).svg(moduleSize: 4, title: "QR code for \(issuer)")
    }
}
