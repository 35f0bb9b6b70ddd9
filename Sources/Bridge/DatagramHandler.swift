import NIOCore

/// Feeds each datagram of a UDP or unixgram channel through the channel's own ``IngestPipeline``, synchronously on
/// the channel's event loop.
final class DatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    /// Which self-metric counts the datagrams.
    enum Transport {
        case udp
        case unixgram
    }

    private let pipeline: IngestPipeline
    private let transport: Transport

    init(pipeline: IngestPipeline, transport: Transport) {
        self.pipeline = pipeline
        self.transport = transport
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = Self.unwrapInboundIn(data)
        switch self.transport {
        case .udp: self.pipeline.totals.udpPackets &+= 1
        case .unixgram: self.pipeline.totals.unixgramPackets &+= 1
        }
        let now = NIODeadline.now().uptimeNanoseconds
        self.pipeline.ingest(datagram: envelope.data.readableBytesUInt8Span, now: now)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.pipeline.flushTotals()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.pipeline.flushTotals()
        context.fireChannelInactive()
    }

    /// A read error is logged by the listener's owner; unlike statsd_exporter the listener keeps reading.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.fireErrorCaught(error)
    }
}

@available(*, unavailable)
extension DatagramHandler: Sendable {}
