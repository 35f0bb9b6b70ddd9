import CRecvmmsg
import Ingest
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Receives datagrams with `recvmmsg` into slots that hold the largest datagram whole, for a reader thread of its
/// own: one system call takes every datagram waiting (up to the slot count), with no event-loop wake-up, no sender
/// address and no per-datagram allocation.
///
/// Not thread-safe: each reader thread owns one.
final class DatagramReceiver {
    /// Enough for the largest UDP payload, so no UDP datagram is ever truncated; a longer unixgram datagram is cut
    /// here, as statsd_exporter reads every datagram into a 65,535-byte buffer.
    static let slotBytes = 65535
    /// How long a reader waits after a read that did not fill every slot. A wake-up costs a few microseconds of
    /// kernel time, far more than ingesting a datagram, so waking once per datagram would dominate the CPU the
    /// daemon uses at moderate rates (2.7 CPU-s per million one-line datagrams before this wait, 1.2–1.7 with it).
    /// 100 µs adds no latency anyone scrapes at, and even 1M datagrams/s gather only 100 in that time, well within
    /// the default receive buffer.
    static let gatherNanoseconds = 100_000

    private let slots: Int
    private let storage: UnsafeMutableRawBufferPointer
    private let messages: UnsafeMutableRawPointer

    init(slots: Int = 16) {
        self.slots = slots
        self.storage = .allocate(byteCount: slots * Self.slotBytes, alignment: 64)
        guard let messages = CRecvmmsg_allocate(UInt32(slots), self.storage.baseAddress, UInt(Self.slotBytes)) else {
            fatalError("out of memory for \(slots) message headers")
        }
        self.messages = messages
    }

    deinit {
        CRecvmmsg_free(self.messages)
        self.storage.deallocate()
    }

    /// Prepares a socket for ``run(_:into:packets:isStopping:)``: `--statsd.read-buffer` as SO_RCVBUF (0 keeps the
    /// system's default) and a 100 ms receive timeout, so a blocked reader still notices it should stop.
    static func configure(_ descriptor: Int32, receiveBufferBytes: Int) {
        if receiveBufferBytes > 0 {
            var size = Int32(clamping: receiveBufferBytes)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Reads `descriptor` into `pipeline` until `isStopping` says so, counting datagrams in `packets` and adding
    /// the pipeline's counters to the self-metrics after each read.
    /// - Throws: ``UDPSocket/Failure`` when the socket itself fails.
    func run(
        _ descriptor: Int32,
        into pipeline: IngestPipeline,
        packets: WritableKeyPath<IngestTotals, UInt64>,
        isStopping: () -> Bool
    ) throws(UDPSocket.Failure) {
        defer { pipeline.flushTotals() }
        while !isStopping() {
            let count = try self.receive(from: descriptor) { datagram, now in
                pipeline.totals[keyPath: packets] &+= 1
                pipeline.ingest(datagram: datagram, now: now)
            }
            if count > 0 { pipeline.flushTotals() }
            if count < self.slots {
                // Let datagrams gather before the next read: one wake-up then takes many of them.
                var pause = timespec(tv_sec: 0, tv_nsec: Self.gatherNanoseconds)
                nanosleep(&pause, nil)
            }
        }
    }

    /// Waits for at least one datagram (until the socket's receive timeout), then hands each datagram read to
    /// `body` with the time it was read.
    /// - Returns: The number of datagrams read; 0 on a timeout or an interrupted wait.
    /// - Throws: ``UDPSocket/Failure`` when the socket itself fails (closed, invalid).
    private func receive(
        from descriptor: Int32,
        _ body: (_ datagram: Span<UInt8>, _ now: UInt64) -> Void
    ) throws(UDPSocket.Failure) -> Int {
        let count = CRecvmmsg_receive(descriptor, self.messages, UInt32(self.slots))
        guard count > 0 else {
            switch errno {
            case EAGAIN, EINTR, ENOMEM, ECONNREFUSED: return 0
            default: throw UDPSocket.Failure(description: String(cString: strerror(errno)))
            }
        }
        let now = NIODeadline.now().uptimeNanoseconds
        for slot in 0..<Int(count) {
            let bytes = UnsafeRawBufferPointer(
                start: self.storage.baseAddress! + slot * Self.slotBytes,
                count: Int(CRecvmmsg_length(self.messages, UInt32(slot)))
            )
            body(bytes.bindMemory(to: UInt8.self).span, now)
        }
        return Int(count)
    }
}
