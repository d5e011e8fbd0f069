import NIOCore
import NIOSSL

/// What the client writes into the channel.
enum SMTPOutbound: Sendable {
    /// Writes `payload` (if any) and completes `reply` with the next server reply.
    case command(ByteBuffer?, reply: EventLoopPromise<SMTPReply>)
    /// Inserts a TLS client handler at the front of the pipeline (STARTTLS).
    case startTLS(NIOSSLContext, serverHostname: String?, done: EventLoopPromise<Void>)
}

/// Parses replies and matches them, in order, to the commands that expect them. The first
/// error (TLS, I/O, protocol) or the connection's close fails every waiting and later command.
final class SMTPChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = SMTPOutbound
    typealias OutboundOut = ByteBuffer

    private var parser = SMTPReplyParser()
    private var waiting = CircularBuffer<EventLoopPromise<SMTPReply>>()
    private var unclaimed = CircularBuffer<SMTPReply>()
    private var failure: SMTPError?
    private let sharedFailure: SMTPConnectionFailure

    init(sharedFailure: SMTPConnectionFailure) {
        self.sharedFailure = sharedFailure
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard failure == nil else { return }
        let buffer = unwrapInboundIn(data)
        do {
            for reply in try parser.feed(buffer.readableBytesView) {
                if let promise = waiting.popFirst() {
                    promise.succeed(reply)
                } else {
                    unclaimed.append(reply)
                }
            }
        } catch {
            fail(SMTPError(error), context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(SMTPError(error), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.connectionFailed("connection closed by server"), context: context)
        context.fireChannelInactive()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .command(let payload, let reply):
            enqueue(reply)
            if let payload, failure == nil {
                let written = context.eventLoop.makePromise(of: Void.self)
                written.futureResult.whenFailure { reply.fail(SMTPError($0)) }
                context.write(wrapOutboundOut(payload), promise: written)
            }
            promise?.succeed()
        case .startTLS(let sslContext, let serverHostname, let done):
            do {
                try insertTLS(context: context, sslContext: sslContext, serverHostname: serverHostname)
                done.succeed()
            } catch {
                done.fail(error)
            }
            promise?.succeed()
        }
    }

    private func enqueue(_ reply: EventLoopPromise<SMTPReply>) {
        if let failure {
            reply.fail(failure)
        } else if let buffered = unclaimed.popFirst() {
            reply.succeed(buffered)
        } else {
            waiting.append(reply)
        }
    }

    private func insertTLS(context: ChannelHandlerContext, sslContext: NIOSSLContext, serverHostname: String?) throws {
        if let failure { throw failure }
        // Anything the server sent after its 220 to STARTTLS would be accepted as if it had come
        // over TLS (CVE-2011-0411 style injection): refuse it.
        guard unclaimed.isEmpty, waiting.isEmpty, !parser.hasBufferedData else {
            throw SMTPError.protocolViolation("server sent data after accepting STARTTLS")
        }
        let tls = try NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname)
        try context.pipeline.syncOperations.addHandler(tls, position: .first)
    }

    private func fail(_ error: SMTPError, context: ChannelHandlerContext) {
        guard failure == nil else { return }
        failure = error
        sharedFailure.record(error)
        while let promise = waiting.popFirst() {
            promise.fail(error)
        }
        context.close(promise: nil)
    }
}
