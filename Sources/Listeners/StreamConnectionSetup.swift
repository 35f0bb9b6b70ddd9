import Ingest
import NIOCore

/// What a StatsD stream listener does with each connection it accepts, TCP or Unix alike: admit it through the
/// shared ``TCPConnectionGate`` or close it at once, start its idle timer (TCP only), then frame its lines with a
/// ``TCPLineHandler``. Both listeners set up their connections here, so they share framing, limits and counters.
package struct StreamConnectionSetup: Sendable {
    private let context: IngestContext
    private let connections: TCPConnectionGate
    private let maxLineLength: Int
    private let maxConnections: Int
    private let idleTimeout: TimeAmount?

    /// - Parameters:
    ///   - context: what each connection's pipeline reads and writes.
    ///   - connections: the gate shared by every stream listener.
    ///   - maxLineLength: `--statsd.tcp-max-line-length`.
    ///   - maxConnections: `--statsd.tcp-max-connections`; 0 is no limit.
    ///   - idleTimeout: `--statsd.tcp-idle-timeout` for TCP connections; `nil` never closes an idle connection.
    package init(
        context: IngestContext,
        connections: TCPConnectionGate,
        maxLineLength: Int,
        maxConnections: Int,
        idleTimeout: TimeAmount?
    ) {
        self.context = context
        self.connections = connections
        self.maxLineLength = maxLineLength
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
    }

    /// Sets up `channel`, just accepted on the `transport` listener; for `ServerBootstrap.childChannelInitializer`.
    package func initialize(_ channel: any Channel, transport: TCPLineHandler.Transport) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture {
            guard self.connections.open(limit: self.maxConnections) else {
                channel.close(promise: nil)
                return
            }
            // TCP only: the idle timeout sheds remote peers that vanished without closing. A Unix stream peer is a
            // local process, and the StatsD client Airflow uses never reconnects, so closing its quiet connection
            // would break every later metric call of that process.
            if transport == .tcp, let timeout = self.idleTimeout {
                try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: timeout))
            }
            let handler = TCPLineHandler(
                pipeline: self.context.makePipeline(),
                maxLineLength: self.maxLineLength,
                connections: self.connections,
                transport: transport
            )
            try channel.pipeline.syncOperations.addHandler(handler)
        }
    }
}
