import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Reads newline-terminated StatsD lines from a Unix stream socket (`--statsd.listen-unix`), as Airflow 3.4's
/// `statsd_socket_path` (the PyPI client's `UnixSocketStatsClient`) sends them. statsd_exporter has no such listener.
///
/// A NIO server channel like the TCP listener's, whose connections ``StreamConnectionSetup`` sets up as it sets up
/// TCP ones: the same framing, line and connection limits and counters, except that connections are counted in
/// `statsd_bridge_unix_connections_total` and never closed for being idle (the client Airflow uses never
/// reconnects). The socket file is created at start and removed at stop; a
/// path that already exists is refused and left alone, since it may be another daemon's live socket, or no socket
/// at all.
package final class UnixStreamListener: Sendable {
    private let path: String
    private let channel: any Channel

    private init(path: String, channel: any Channel) {
        self.path = path
        self.channel = channel
    }

    /// Binds a new socket at `path`, sets its file mode and accepts connections on `group`.
    /// - Throws: ``ListenerError`` when the path exists, is too long, or cannot be bound.
    package static func bind(
        path: String,
        mode: UInt16,
        group: any EventLoopGroup,
        setup: StreamConnectionSetup
    ) async throws(ListenerError) -> UnixStreamListener {
        if access(path, F_OK) == 0 {
            throw .unixSocketExists(path, kind: .stream)
        }
        let channel: any Channel
        do {
            let address = SocketAddress(try POSIXSocket.unixAddress(path))
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .childChannelInitializer { setup.initialize($0, transport: .unix) }
                .bind(to: address)
                .get()
        } catch let failure as POSIXSocket.Failure {
            throw .bindFailed(Self.what, address: path, reason: failure.description)
        } catch {
            throw .bindFailed(Self.what, address: path, reason: "\(error)")
        }
        chmod(path, mode_t(mode))
        return UnixStreamListener(path: path, channel: channel)
    }

    /// Stops accepting, closes the socket and removes its file; connections already open are left to finish.
    package func stop() async {
        try? await self.channel.close()
        unlink(self.path)
    }

    /// How errors name this listener.
    private static let what = "StatsD unix stream"
}
