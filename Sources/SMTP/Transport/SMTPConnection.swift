import NIOCore
import NIOPosix
import NIOSSL

/// One TCP (optionally TLS) connection to an SMTP server, with a timeout on every reply.
struct SMTPConnection: Sendable {
    let channel: any Channel
    let timeout: TimeAmount
    let failure: SMTPConnectionFailure

    /// Connects; with `implicitTLS` the TLS handler is in place before the greeting.
    static func connect(
        host: String,
        port: Int,
        implicitTLS: (context: NIOSSLContext, serverHostname: String?)?,
        timeout: TimeAmount,
        group: any EventLoopGroup
    ) async throws -> SMTPConnection {
        let failure = SMTPConnectionFailure()
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let implicitTLS {
                        try sync.addHandler(
                            NIOSSLClientHandler(context: implicitTLS.context, serverHostname: implicitTLS.serverHostname)
                        )
                    }
                    try sync.addHandler(SMTPChannelHandler(sharedFailure: failure))
                }
            }
            .connect(host: host, port: port)
            .get()
        return SMTPConnection(channel: channel, timeout: timeout, failure: failure)
    }

    /// Waits for the next reply without sending anything (the greeting).
    func readReply() async throws -> SMTPReply {
        try await exchange(payload: nil)
    }

    /// Sends one command line (CRLF appended) and waits for its reply.
    func send(_ command: String) async throws -> SMTPReply {
        try await exchange(payload: channel.allocator.buffer(string: command + "\r\n"))
    }

    /// Sends raw bytes (the dot-stuffed DATA content) and waits for the reply.
    func send(bytes: [UInt8]) async throws -> SMTPReply {
        try await exchange(payload: channel.allocator.buffer(bytes: bytes))
    }

    /// Puts TLS in front of the protocol handler; the next command's reply fails if the handshake does.
    func startTLS(context: NIOSSLContext, serverHostname: String?) async throws {
        let done = channel.eventLoop.makePromise(of: Void.self)
        channel.writeAndFlush(
            SMTPOutbound.startTLS(context, serverHostname: serverHostname, done: done),
            promise: failOnWriteError(done)
        )
        try await done.futureResult.get()
    }

    func close() async {
        try? await channel.close()
    }

    private func exchange(payload: ByteBuffer?) async throws -> SMTPReply {
        let reply = channel.eventLoop.makePromise(of: SMTPReply.self)
        let channel = self.channel
        let deadline = channel.eventLoop.scheduleTask(in: timeout) {
            reply.fail(SMTPError.timeout)
            channel.close(promise: nil)
        }
        reply.futureResult.whenComplete { _ in deadline.cancel() }
        channel.writeAndFlush(SMTPOutbound.command(payload, reply: reply), promise: failOnWriteError(reply))
        return try await reply.futureResult.get()
    }

    /// A write promise that fails `promise` when the request never reaches the SMTP handler
    /// (the channel closed and its pipeline was torn down), with the error that closed it.
    private func failOnWriteError<Value>(_ promise: EventLoopPromise<Value>) -> EventLoopPromise<Void> {
        let written = channel.eventLoop.makePromise(of: Void.self)
        let failure = self.failure
        written.futureResult.whenFailure { error in
            promise.fail(failure.value ?? SMTPError(error))
        }
        return written
    }
}
