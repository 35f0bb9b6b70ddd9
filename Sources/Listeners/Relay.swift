import Ingest
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Forwards every raw line, valid or not, to another StatsD server over UDP (`--statsd.relay.address`), packed into
/// datagrams of at most `--statsd.relay.packet-length` bytes and flushed at least once a second.
///
/// Unlike statsd_exporter, whose relay stalls ingest for good after one send error (our difference #8), sending is
/// non-blocking: a datagram the kernel will not take now, or a target that refuses it, is counted and dropped, and
/// the relay goes on, so it recovers by itself when the target comes back.
package final class Relay: LineForwarder {
    /// The counters behind the `statsd_exporter_relay_*` and `statsd_bridge_relay_*` self-metrics.
    package struct Counters: Sendable {
        package var packets: UInt64 = 0
        package var longLines: UInt64 = 0
        package var linesRelayed: UInt64 = 0
        package var sendErrors: UInt64 = 0
    }

    private struct State: Sendable {
        var buffer: [UInt8] = []
        var counters = Counters()
    }

    /// The `target` label: the address as given.
    package let target: String
    private let packetLength: Int
    private let descriptor: Int32
    private let state = Mutex(State())

    /// Resolves `address` (`host:port`) and opens a non-blocking UDP socket connected to it.
    /// - Throws: ``ListenerError`` when the address does not resolve, as statsd_exporter refuses to start then.
    package init(address: String, packetLength: Int) throws(ListenerError) {
        guard let colon = address.lastIndex(of: ":") else {
            throw .invalidListenAddress(address, reason: "relay address needs HOST:PORT")
        }
        var host = String(address[..<colon])
        let port = String(address[address.index(after: colon)...])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host.isEmpty ? "127.0.0.1" : host, port, &hints, &list) == 0, let first = list else {
            throw .invalidListenAddress(address, reason: "relay target does not resolve")
        }
        defer { freeaddrinfo(list) }
        let descriptor = socket(first.pointee.ai_family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0, connect(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            if descriptor >= 0 { close(descriptor) }
            throw .invalidListenAddress(address, reason: "cannot open a UDP socket to the relay target")
        }
        self.target = address
        self.packetLength = max(packetLength, 2)
        self.descriptor = descriptor
    }

    deinit {
        close(self.descriptor)
    }

    /// Queues every non-empty line of `datagram` (split on `\n`), sending full datagrams as they fill.
    /// - Complexity: O(n) in the datagram's length; one lock per call.
    package func forward(_ datagram: Span<UInt8>) {
        self.state.withLock { state in
            var start = 0
            for index in 0...datagram.count where index == datagram.count || datagram[index] == UInt8(ascii: "\n") {
                if index > start {
                    self.append(datagram.extracting(start..<index), to: &state)
                }
                start = index + 1
            }
        }
    }

    /// Sends what is queued; called at least once a second.
    package func flush() {
        self.state.withLock { self.send(&$0) }
    }

    package var counters: Counters { self.state.withLock { $0.counters } }

    private func append(_ line: Span<UInt8>, to state: inout State) {
        guard line.count < self.packetLength else {
            state.counters.longLines &+= 1
            return
        }
        if state.buffer.count + line.count + 1 > self.packetLength {
            self.send(&state)
        }
        for index in 0..<line.count { state.buffer.append(line[index]) }
        state.buffer.append(UInt8(ascii: "\n"))
        state.counters.linesRelayed &+= 1
    }

    private func send(_ state: inout State) {
        guard !state.buffer.isEmpty else { return }
        let sent = state.buffer.withUnsafeBytes { Glibc.send(self.descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) }
        if sent == state.buffer.count {
            state.counters.packets &+= 1
        } else {
            state.counters.sendErrors &+= 1
        }
        state.buffer.removeAll(keepingCapacity: true)
    }
}
