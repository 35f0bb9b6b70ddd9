import NIOCore

/// Feeds each datagram of a UDP channel through the channel's own ``IngestPipeline``, synchronously on the
/// channel's event loop.
final class UDPHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let pipeline: IngestPipeline

    init(pipeline: IngestPipeline) {
        self.pipeline = pipeline
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = Self.unwrapInboundIn(data)
        self.pipeline.totals.udpPackets &+= 1
        self.pipeline.ingest(datagram: envelope.data.readableBytesUInt8Span, now: NIODeadline.now().uptimeNanoseconds)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.pipeline.flushTotals()
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.pipeline.flushTotals()
        context.fireChannelInactive()
    }
}

@available(*, unavailable)
extension UDPHandler: Sendable {}
