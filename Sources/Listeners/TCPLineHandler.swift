import Ingest
import NIOCore

/// Splits a StatsD stream, TCP or Unix, into lines and feeds each through the connection's own ``IngestPipeline``.
///
/// Lines end in `\n`; a `\r` before it is stripped by the parser. A line longer than the limit is counted in
/// `statsd_exporter_tcp_too_long_lines_total` and skipped up to its newline while the connection stays open (our
/// deliberate difference #7; statsd_exporter closes the connection). A last line without a newline is still
/// processed when the peer closes, as Go's `bufio.Reader.ReadLine` returns it. Both transports share this framing
/// and every counter except the one of accepted connections.
package final class TCPLineHandler: ChannelInboundHandler {
    package typealias InboundIn = ByteBuffer

    /// Which socket accepted the connection, which decides only where it is counted.
    package enum Transport: Sendable {
        /// `--statsd.listen-tcp`: counted in `statsd_exporter_tcp_connections_total`.
        case tcp
        /// `--statsd.listen-unix`: counted in `statsd_bridge_unix_connections_total`.
        case unix
    }

    private let pipeline: IngestPipeline
    private let maxLineLength: Int
    private let connections: TCPConnectionGate
    private let transport: Transport
    /// The start of a line whose newline has not arrived yet.
    private var pending: ByteBuffer?
    /// Set while skipping the rest of an over-long line.
    private var discarding = false

    package init(
        pipeline: IngestPipeline,
        maxLineLength: Int,
        connections: TCPConnectionGate,
        transport: Transport = .tcp
    ) {
        self.pipeline = pipeline
        self.maxLineLength = maxLineLength
        self.connections = connections
        self.transport = transport
    }

    package func channelActive(context: ChannelHandlerContext) {
        switch self.transport {
        case .tcp: self.pipeline.totals.tcpConnections &+= 1
        case .unix: self.pipeline.totals.unixConnections &+= 1
        }
        self.pipeline.flushTotals()
        context.fireChannelActive()
    }

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = Self.unwrapInboundIn(data)
        let now = NIODeadline.now().uptimeNanoseconds
        while let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - buffer.readerIndex
            let line = buffer.readSlice(length: length)!
            buffer.moveReaderIndex(forwardBy: 1)
            if self.discarding {
                self.discarding = false
                self.pending = nil
                continue
            }
            if var start = self.pending {
                self.pending = nil
                var rest = line
                guard start.readableBytes + rest.readableBytes <= self.maxLineLength else {
                    self.pipeline.totals.tcpTooLongLines &+= 1
                    continue
                }
                start.writeBuffer(&rest)
                self.pipeline.ingest(line: start.readableBytesUInt8Span, now: now)
            } else if line.readableBytes > self.maxLineLength {
                self.pipeline.totals.tcpTooLongLines &+= 1
            } else {
                self.pipeline.ingest(line: line.readableBytesUInt8Span, now: now)
            }
        }
        guard buffer.readableBytes > 0, !self.discarding else { return }
        if self.pending == nil {
            self.pending = context.channel.allocator.buffer(capacity: buffer.readableBytes)
        }
        self.pending!.writeBuffer(&buffer)
        if self.pending!.readableBytes > self.maxLineLength {
            self.pipeline.totals.tcpTooLongLines &+= 1
            self.pending = nil
            self.discarding = true
        }
    }

    package func channelReadComplete(context: ChannelHandlerContext) {
        self.pipeline.flushTotals()
        context.fireChannelReadComplete()
    }

    package func channelInactive(context: ChannelHandlerContext) {
        if let last = self.pending, !self.discarding, last.readableBytes > 0 {
            self.pipeline.ingest(line: last.readableBytesUInt8Span, now: NIODeadline.now().uptimeNanoseconds)
        }
        self.pending = nil
        self.pipeline.flushTotals()
        self.connections.close()
        context.fireChannelInactive()
    }

    /// Closes a connection that sent nothing for `--statsd.tcp-idle-timeout`.
    package func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            self.connections.recordIdleClose()
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    package func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.pipeline.totals.tcpConnectionErrors &+= 1
        self.pipeline.flushTotals()
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension TCPLineHandler: Sendable {}
