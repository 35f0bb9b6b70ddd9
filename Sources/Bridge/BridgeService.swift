import Ingest
import Listeners
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import WebSecurity

#if canImport(Glibc)
import Glibc
#endif

/// Runs the daemon: binds the StatsD listeners and the HTTP server, sweeps expired series every second, and on
/// graceful shutdown (or `/-/quit`) closes every channel and removes the Unix socket files.
package final class BridgeService: Service, Sendable, CustomStringConvertible {
    /// The lifecycle of the service, logged on every transition.
    private enum State: String, CustomStringConvertible {
        case binding, running, stopping, stopped
        var description: String { self.rawValue }
    }

    package let bridge: StatsDBridge
    private let logger: Logger
    private let group: any EventLoopGroup
    private let onListening: @Sendable (ListeningAddresses) -> Void
    private let security: WebSecurity?
    private let quit: (stream: AsyncStream<Void>, continuation: AsyncStream<Void>.Continuation)

    /// - Parameters:
    ///   - bridge: the shared state to serve.
    ///   - logger: where startup, reload and failure messages go.
    ///   - security: the web config (`--web.config.file`) for TLS, headers and basic auth; `nil` serves plain HTTP.
    ///   - onListening: called once with the bound addresses.
    package init(
        bridge: StatsDBridge,
        logger: Logger,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        security: WebSecurity? = nil,
        onListening: @escaping @Sendable (ListeningAddresses) -> Void = { _ in }
    ) {
        self.bridge = bridge
        self.logger = logger
        self.group = group
        self.security = security
        self.onListening = onListening
        self.quit = AsyncStream.makeStream(of: Void.self)
    }

    package func run() async throws {
        MemoryTuning.configure()
        let configuration = self.bridge.configuration
        self.log(.binding)
        var channels: [any Channel] = []
        var udp: UDPReaders?
        var unixgram: UnixgramListener?
        var unixStream: UnixStreamListener?
        var addresses = ListeningAddresses()
        do {
            if let address = configuration.udpAddress {
                let readers = try await self.bindUDP(address)
                udp = readers
                addresses.udp = Self.unique(readers.sockets.map(\.localAddress))
                self.bridge.udpPorts = Set(addresses.udp.map(\.port))
                self.warnIfReceiveBufferCapped(readers.sockets.first)
                readers.start(context: self.bridge.ingest)
            }
            if let address = configuration.tcpAddress {
                let bound = try await self.bindTCP(address)
                channels += bound
                addresses.tcp = bound.compactMap { Self.describe($0.localAddress) }
            }
            if let path = configuration.unixgramPath {
                let listener = try UnixgramListener(
                    path: path,
                    mode: configuration.unixSocketMode,
                    readBufferBytes: configuration.readBufferBytes
                )
                listener.start(context: self.bridge.ingest)
                unixgram = listener
                addresses.unixgram = path
            }
            if let path = configuration.unixStreamPath {
                unixStream = try await UnixStreamListener.bind(
                    path: path,
                    mode: configuration.unixSocketMode,
                    group: self.group,
                    setup: self.streamConnectionSetup()
                )
                addresses.unixStream = path
            }
            if let address = configuration.webAddress {
                let bound = try await self.bindHTTP(address)
                channels += bound
                addresses.http = bound.compactMap { Self.describe($0.localAddress) }
            }
        } catch {
            await Self.close(channels)
            await udp?.stop()
            await unixgram?.stop()
            await unixStream?.stop()
            throw error
        }
        let sweeper = self.group.next().scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) {
            [bridge = self.bridge] _ in
            bridge.removeExpiredSeries()
            bridge.relay?.flush()
        }
        self.log(.running)
        self.logger.info(
            "statsd-bridge listening",
            metadata: [
                "udp": "\(addresses.udp.map(\.description).joined(separator: ","))",
                "tcp": "\(addresses.tcp.map(\.description).joined(separator: ","))",
                "unixgram": "\(addresses.unixgram ?? "")",
                "unix": "\(addresses.unixStream ?? "")",
                "web": "\(addresses.http.map(\.description).joined(separator: ","))",
            ]
        )
        self.onListening(addresses)

        var quitOverHTTP = false
        for await _ in self.quit.stream.cancelOnGracefulShutdown() {
            self.logger.info("termination requested over HTTP")
            quitOverHTTP = true
            break
        }
        if !quitOverHTTP {
            self.logger.info("shutting down: SIGTERM or SIGINT received")
        }
        self.log(.stopping)
        sweeper.cancel()
        await Self.close(channels)
        await udp?.stop()
        await unixgram?.stop()
        await unixStream?.stop()
        self.log(.stopped)
        self.logger.info("statsd-bridge stopped")
    }

    /// How service-lifecycle names the service in its debug lines.
    package var description: String { "BridgeService" }

    /// Asks the service to stop as if `/-/quit` was called.
    package func requestQuit() {
        self.quit.continuation.yield()
    }

    private func log(_ state: State) {
        self.logger.debug("bridge service state", metadata: ["state": "\(state)"])
    }

    /// Binds every host of `address` once per reader: sockets sharing the port with SO_REUSEPORT, each read by a
    /// thread of its own (``UDPReaders``), so datagrams are read and applied on every core. The port is claimed
    /// first, so a port already in use fails the start
    /// (``UDPSocket/bindGroup(host:port:ipv6Only:count:receiveBufferBytes:)``).
    private func bindUDP(_ address: ListenAddress) async throws -> UDPReaders {
        let configuration = self.bridge.configuration
        let readers = configuration.udpReaders > 0 ? configuration.udpReaders : System.coreCount
        let groups = try await self.bindEach(
            address,
            what: "StatsD UDP",
            port: { (group: [UDPSocket]) in group.first?.localAddress.port },
            close: { groups in groups.joined().forEach { _ = Glibc.close($0.descriptor) } }
        ) { host, port, ipv6Only in
            try UDPSocket.bindGroup(
                host: host,
                port: port,
                ipv6Only: ipv6Only,
                count: readers,
                receiveBufferBytes: configuration.readBufferBytes
            )
        }
        return UDPReaders(sockets: Array(groups.joined()), logger: self.logger)
    }

    private func bindTCP(_ address: ListenAddress) async throws -> [any Channel] {
        let setup = self.streamConnectionSetup()
        return try await self.bindEach(address, what: "StatsD TCP") { host, port, ipv6Only in
            try await Self.serverBootstrap(group: self.group, ipv6Only: ipv6Only)
                .childChannelInitializer { setup.initialize($0, transport: .tcp) }
                .bind(host: host, port: port)
                .get()
        }
    }

    /// How the TCP and Unix stream listeners set up a connection: one gate, one line limit, one idle timeout.
    private func streamConnectionSetup() -> StreamConnectionSetup {
        let configuration = self.bridge.configuration
        return StreamConnectionSetup(
            context: self.bridge.ingest,
            connections: self.bridge.tcpConnections,
            maxLineLength: configuration.tcpMaxLineLength,
            maxConnections: configuration.tcpMaxConnections,
            idleTimeout: configuration.tcpIdleTimeout
        )
    }

    private func bindHTTP(_ address: ListenAddress) async throws -> [any Channel] {
        let quit = self.quit.continuation
        let routes = HTTPRoutes(bridge: self.bridge, requestQuit: { quit.yield() })
        let security = self.security
        self.logger.info(security?.servesTLS == true ? "TLS is enabled." : "TLS is disabled.")
        return try await self.bindEach(address, what: "HTTP") { host, port, ipv6Only in
            try await Self.serverBootstrap(group: self.group, ipv6Only: ipv6Only)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let security, security.servesTLS {
                            // The TLS setup as the files are now, so a renewed certificate serves the next client.
                            guard case .success(let active) = security.current(), let tls = active.tls else {
                                throw WebConfigError("TLS config is not present")
                            }
                            try channel.pipeline.syncOperations.addHandler(tls.makeHandler())
                        }
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        try channel.pipeline.syncOperations.addHandler(
                            HTTPHandler(routes: routes, threadPool: .singleton, security: security)
                        )
                    }
                }
                .bind(host: host, port: port)
                .get()
        }
    }

    /// Binds every host of `address`. With an empty host both `0.0.0.0` and `[::]` are bound (the IPv6 socket is
    /// IPv6-only so both can share the port); a host without IPv6 support keeps the IPv4 socket and logs a warning.
    private func bindEach(
        _ address: ListenAddress,
        what: String,
        bind: (_ host: String, _ port: Int, _ ipv6Only: Bool) async throws -> any Channel
    ) async throws -> [any Channel] {
        try await self.bindEach(
            address,
            what: what,
            port: { (channel: any Channel) in channel.localAddress?.port },
            close: Self.close,
            bind: bind
        )
    }

    /// ``bindEach(_:what:bind:)`` for any kind of socket.
    /// - Parameters:
    ///   - port: the port a bound socket got, so the sockets after a port-0 bind reuse it.
    ///   - close: closes what was bound when a later bind fails.
    private func bindEach<Bound>(
        _ address: ListenAddress,
        what: String,
        port portOf: (Bound) -> Int?,
        close: ([Bound]) async -> Void,
        bind: (_ host: String, _ port: Int, _ ipv6Only: Bool) async throws -> Bound
    ) async throws -> [Bound] {
        var bound: [Bound] = []
        var port = address.port
        for host in address.bindHosts {
            do {
                let socket = try await bind(host, port, address.host == nil && host.contains(":"))
                bound.append(socket)
                if port == 0, let chosen = portOf(socket) {
                    port = chosen
                }
            } catch {
                if address.host == nil, host == "::", !bound.isEmpty {
                    self.logger.warning(
                        "IPv6 unavailable; listening on IPv4 only",
                        metadata: ["listener": "\(what)", "error": "\(error)"]
                    )
                    continue
                }
                await close(bound)
                throw BridgeError.listener(.bindFailed(what, address: "\(address)", reason: "\(error)"))
            }
        }
        return bound
    }

    private static func serverBootstrap(group: any EventLoopGroup, ipv6Only: Bool) -> ServerBootstrap {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
        return ipv6Only ? bootstrap.serverChannelOption(Self.ipv6OnlyOption, value: 1) : bootstrap
    }

    /// The kernel silently caps SO_RCVBUF at `net.core.rmem_max`; say so, with the sysctl to raise, instead of
    /// letting a user believe `--statsd.read-buffer` took effect.
    private func warnIfReceiveBufferCapped(_ socket: UDPSocket?) {
        let requested = self.bridge.configuration.readBufferBytes
        guard requested > 0, let socket else { return }
        // Linux reports twice the size it was given, to account for its bookkeeping overhead.
        let granted = socket.receiveBufferBytes / 2
        guard granted < requested else { return }
        let maximum = ProcessStatistics.receiveBufferMaximum().map(String.init) ?? "unknown"
        let advice = "--statsd.read-buffer is capped by net.core.rmem_max; raise it with: "
        self.logger.warning(
            "\(advice)sysctl -w net.core.rmem_max=\(requested)",
            metadata: ["requested": "\(requested)", "granted": "\(granted)", "net.core.rmem_max": "\(maximum)"]
        )
    }

    /// `addresses` without repeats, in order: the readers of one address report it once.
    private static func unique(_ addresses: [SocketAddressDescription]) -> [SocketAddressDescription] {
        var seen = Set<SocketAddressDescription>()
        return addresses.filter { seen.insert($0).inserted }
    }

    /// IPV6_V6ONLY, so a wildcard IPv6 socket leaves the IPv4 wildcard to its own socket.
    private static let ipv6OnlyOption = ChannelOptions.Types.SocketOption(
        level: SocketOptionLevel(IPPROTO_IPV6),
        name: SocketOptionName(IPV6_V6ONLY)
    )

    private static func close(_ channels: [any Channel]) async {
        for channel in channels {
            try? await channel.close()
        }
    }

    private static func describe(_ address: SocketAddress?) -> SocketAddressDescription? {
        guard let address, let ip = address.ipAddress, let port = address.port else { return nil }
        return SocketAddressDescription(host: ip, port: port)
    }
}
