import Ingest
import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Reads StatsD datagrams from a Unix datagram socket on a thread of its own.
///
/// SwiftNIO's datagram channel cannot take datagrams from an unbound sender (it has no peer name, and NIO traps on
/// that), yet most StatsD clients never bind their socket. So this listener reads with ``DatagramReceiver``, like the
/// UDP listener, waking every 100 ms to check its stop flag, and feeds each datagram through its own
/// ``IngestPipeline``.
package final class UnixgramListener: Sendable {
    private let path: String
    private let descriptor: Int32
    private let stopping = Atomic<Bool>(false)
    private let thread = NIOThreadPool(numberOfThreads: 1)

    /// Creates and binds the socket, then sets its file mode.
    /// - Throws: ``ListenerError`` when the path exists, is too long, or cannot be bound.
    package init(path: String, mode: UInt16, readBufferBytes: Int) throws(ListenerError) {
        if access(path, F_OK) == 0 {
            throw .unixSocketExists(path, kind: .datagram)
        }
        var address: sockaddr_un
        let descriptor: Int32
        do {
            address = try POSIXSocket.unixAddress(path)
            descriptor = try POSIXSocket.open(family: AF_UNIX, type: Int32(SOCK_DGRAM.rawValue))
        } catch {
            throw .bindFailed("StatsD unixgram", address: path, reason: error.description)
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            let reason = POSIXSocket.lastError(closing: descriptor).description
            throw .bindFailed("StatsD unixgram", address: path, reason: reason)
        }
        DatagramReceiver.configure(descriptor, receiveBufferBytes: readBufferBytes)
        chmod(path, mode_t(mode))
        self.path = path
        self.descriptor = descriptor
    }

    /// Starts reading; samples go through a pipeline over `context` created on the reading thread.
    package func start(context: IngestContext) {
        self.thread.start()
        self.thread.submit { [descriptor = self.descriptor] state in
            guard case .active = state else { return }
            try? DatagramReceiver().run(descriptor, into: context.makePipeline(), packets: \.unixgramPackets) {
                self.stopping.load(ordering: .relaxed)
            }
        }
    }

    /// Stops reading, closes the socket and removes its file.
    package func stop() async {
        self.stopping.store(true, ordering: .relaxed)
        try? await self.thread.shutdownGracefully()
        close(self.descriptor)
        unlink(self.path)
    }
}
