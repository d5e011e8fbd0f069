import Foundation
import SMTPTestSupport

/// A throwaway CA and a server certificate for localhost / 127.0.0.1, made once per test run.
struct TestPKI: Sendable {
    let directory: URL
    var caFile: String { directory.appendingPathComponent("ca.pem").path }
    var serverCertificate: String { directory.appendingPathComponent("server.pem").path }
    var serverKey: String { directory.appendingPathComponent("server.key").path }

    private static let shared = Result { try TestPKI.generate() }

    static func get() throws -> TestPKI { try shared.get() }

    private static func generate() throws -> TestPKI {
        let openssl = try ExternalTools.requireOpenSSL()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try """
            basicConstraints=critical,CA:FALSE
            keyUsage=critical,digitalSignature,keyEncipherment
            extendedKeyUsage=serverAuth
            subjectAltName=DNS:localhost,IP:127.0.0.1
            """.write(to: directory.appendingPathComponent("server.ext"), atomically: true, encoding: .utf8)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        let steps: [[String]] = [
            ["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Gatehouse Test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
            ["req"] + ec + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"],
            ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "server.ext"],
        ]
        for step in steps {
            let result = try ExternalTools.run(openssl, step, in: directory)
            guard result.status == 0 else {
                throw ExternalTools.Missing(description: "openssl \(step.prefix(2).joined(separator: " ")) failed: \(result.output)")
            }
        }
        return TestPKI(directory: directory)
    }
}
