/// Extra headers a caller may add. The set is fixed so that no caller can override the headers
/// the renderer owns (From, To, Subject, Date, Message-ID, MIME and transfer-encoding headers).
public enum SafeHeaderName: String, Sendable, Hashable, CaseIterable {
    case replyTo = "Reply-To"
    case autoSubmitted = "Auto-Submitted"
    case precedence = "Precedence"
    case listUnsubscribe = "List-Unsubscribe"
    case listUnsubscribePost = "List-Unsubscribe-Post"
    case xAutoResponseSuppress = "X-Auto-Response-Suppress"
    case xEntityRefID = "X-Entity-Ref-ID"
    /// Which of Gatehouse's messages this is (e.g. `password_reset`), for filters and tests.
    case xGatehouseMessage = "X-Gatehouse-Message"
}

/// An extra header: a name from `SafeHeaderName` and a printable US-ASCII value
/// (validated by `MailMessage.init`).
public struct MailHeader: Sendable, Hashable {
    public let name: SafeHeaderName
    public let value: String

    public init(_ name: SafeHeaderName, _ value: String) {
        self.name = name
        self.value = value
    }
}
