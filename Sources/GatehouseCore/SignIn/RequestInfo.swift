/// Who is asking, as far as the request tells: for rate limits, sessions and the audit log.
public struct RequestInfo: Sendable, Equatable {
    public var ip: IPAddress?
    public var userAgent: String?
    public var requestID: String?

    public init(ip: IPAddress? = nil, userAgent: String? = nil, requestID: String? = nil) {
        self.ip = ip
        self.userAgent = userAgent
        self.requestID = requestID
    }

    public var personal: AuditPersonalData {
        AuditPersonalData(ip: ip?.description, userAgent: userAgent.map { String($0.prefix(512)) })
    }
}
