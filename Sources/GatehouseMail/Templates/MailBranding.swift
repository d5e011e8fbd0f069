/// What every mail says about the service that sends it.
public struct MailBranding: Sendable, Equatable {
    /// `product_name` from the configuration, e.g. "Gatehouse".
    public var productName: String
    /// `support_email` from the configuration; mails name it (and link to it in HTML) when set.
    public var supportEmail: String?

    public init(productName: String, supportEmail: String?) {
        self.productName = productName
        self.supportEmail = supportEmail
    }
}
