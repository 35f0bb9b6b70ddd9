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

    /// Resolves `address` (`host:port`, read as listen addresses are; an empty host is `127.0.0.1`) and opens a
    /// non-blocking UDP socket connected to it.
    /// - Throws: ``ListenerError`` when the address does not parse or resolve, as statsd_exporter refuses to start
    ///   then.
    package init(address: String, packetLength: Int) throws(ListenerError) {
        let target = try ListenAddress(parsing: address)
        do {
            self.descriptor = try POSIXSocket.withAddress(
                host: target.host ?? "127.0.0.1",
                port: target.port,
                type: Int32(SOCK_DGRAM.rawValue),
                passive: false
            ) { resolved throws(POSIXSocket.Failure) in
                let descriptor = try POSIXSocket.open(
                    family: resolved.pointee.ai_family,
                    type: Int32(SOCK_DGRAM.rawValue),
                    flags: Int32(SOCK_NONBLOCK.rawValue)
                )
                guard connect(descriptor, resolved.pointee.ai_addr, resolved.pointee.ai_addrlen) == 0 else {
                    throw POSIXSocket.lastError(closing: descriptor)
                }
                return descriptor
            }
        } catch {
            throw .invalidListenAddress(address, reason: "relay target: \(error)")
        }
        self.target = address
        self.packetLength = max(packetLength, 2)
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
        let sent = state.buffer.withUnsafeBytes {
            Glibc.send(self.descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL))
        }
        if sent == state.buffer.count {
            state.counters.packets &+= 1
        } else {
            state.counters.sendErrors &+= 1
        }
        state.buffer.removeAll(keepingCapacity: true)
    }
}
