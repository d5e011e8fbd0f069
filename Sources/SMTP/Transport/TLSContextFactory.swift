import NIOCore
import NIOSSL

/// Builds the client TLS context: full certificate and hostname verification, TLS 1.2 or newer,
/// trusting either the system roots or only the CA certificates of a configured PEM file.
enum TLSContextFactory {
    static func makeContext(caFile: String?) throws(SMTPError) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .fullVerification
        configuration.minimumTLSVersion = .tlsv12
        if let caFile {
            let certificates: [NIOSSLCertificate]
            do {
                certificates = try NIOSSLCertificate.fromPEMFile(caFile)
            } catch {
                throw .configuration("cannot read CA certificates from \(caFile): \(error)")
            }
            guard !certificates.isEmpty else {
                throw .configuration("no certificates in CA file \(caFile)")
            }
            configuration.trustRoots = .certificates(certificates)
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw .configuration("cannot create TLS context: \(error)")
        }
    }

    /// The SNI / verification name: NIOSSL refuses IP addresses for SNI and then verifies the
    /// certificate against the peer's IP address instead.
    static func serverHostname(for host: String) -> String? {
        isIPAddress(host) ? nil : host
    }

    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }
}
