import Ingest
import Logging
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The UDP listener: bound sockets, each read by a thread of its own with ``DatagramReceiver``, each feeding its
/// own ``IngestPipeline``.
///
/// Reading on plain threads instead of NIO's datagram channel saves, per wake-up, the event loop's `epoll_wait`
/// and the final `recvmmsg` that only says "no more", and per datagram the sender's `SocketAddress` and the
/// pipeline dispatch: most of the cost of a one-line datagram. Several sockets share a port with SO_REUSEPORT,
/// and the kernel spreads senders over them by source address and port, so one client's datagrams are still read
/// in order.
package final class UDPReaders: Sendable {
    package let sockets: [UDPSocket]
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)
    private let threads: NIOThreadPool

    package init(sockets: [UDPSocket], logger: Logger) {
        self.sockets = sockets
        self.logger = logger
        self.threads = NIOThreadPool(numberOfThreads: max(1, sockets.count))
    }

    /// Starts one reader thread per socket, each with a pipeline of its own over `context`.
    package func start(context: IngestContext) {
        self.threads.start()
        for socket in self.sockets {
            self.threads.submit { state in
                guard case .active = state else { return }
                self.read(socket.descriptor, context: context)
            }
        }
    }

    private func read(_ descriptor: Int32, context: IngestContext) {
        do {
            try DatagramReceiver().run(descriptor, into: context.makePipeline(), packets: \.udpPackets) {
                self.stopping.load(ordering: .relaxed)
            }
        } catch {
            self.logger.error("UDP reader stopped", metadata: ["error": "\(error)"])
        }
    }

    /// Stops the readers (within the sockets' 100 ms receive timeout) and closes the sockets.
    package func stop() async {
        self.stopping.store(true, ordering: .relaxed)
        try? await self.threads.shutdownGracefully()
        for socket in self.sockets {
            close(socket.descriptor)
        }
    }
}
