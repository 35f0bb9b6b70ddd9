#if canImport(Glibc)
import Glibc
#endif

/// Sends prepared datagrams to one loopback port with `sendmmsg`, paced to a line rate or as fast as the kernel
/// takes them.
///
/// The datagrams are built once, before the clock starts; sending walks them round-robin, so the generator's own cost
/// is one system call per `vectorLength` datagrams.
final class UDPBlaster {
    /// What one run sent.
    struct Sent {
        var datagrams: UInt64 = 0
        var lines: UInt64 = 0
        var bytes: UInt64 = 0
        /// Datagrams the kernel refused (`ENOBUFS`, `EAGAIN`); not counted as sent.
        var refused: UInt64 = 0
        var seconds: Double = 0
    }

    private var fds: [Int32] = []
    private var address: sockaddr_in

    /// - Parameters:
    ///   - port: the daemon's UDP port on 127.0.0.1.
    ///   - sockets: sending sockets, used in turn; several source ports look like several clients, which is what
    ///     spreads load over a daemon's SO_REUSEPORT readers.
    /// - Throws: ``LoadError`` when a socket cannot be created.
    init(port: Int, sockets: Int = 1) throws(LoadError) {
        // The kernel's layout on 64-bit Linux: a 56-byte msghdr, the length, padding to 64.
        precondition(MemoryLayout<MultipleMessageHeader>.stride == 64, "unexpected struct mmsghdr layout")
        self.address = Loopback.address(port: port)
        for _ in 0..<max(1, sockets) {
            let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            guard fd >= 0 else {
                self.fds.forEach { close($0) }
                throw LoadError("socket: errno \(errno)")
            }
            var sendBuffer: Int32 = 4 << 20
            _ = setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sendBuffer, socklen_t(MemoryLayout<Int32>.size))
            self.fds.append(fd)
        }
    }

    deinit {
        self.fds.forEach { close($0) }
    }

    /// Sends `datagrams` round-robin for `seconds`, or until `maxDatagrams` went out.
    /// - Parameters:
    ///   - datagrams: the payloads; `linesPer[i]` is how many StatsD lines `datagrams[i]` holds.
    ///   - rate: lines per second to aim at; 0 sends as fast as possible.
    ///   - vectorLength: datagrams per `sendmmsg` call.
    func send(
        _ datagrams: [[UInt8]],
        linesPer: [Int],
        rate: Double,
        seconds: Double,
        maxDatagrams: UInt64 = .max,
        vectorLength: Int
    ) -> Sent {
        precondition(!datagrams.isEmpty && datagrams.count == linesPer.count)
        var sent = Sent()
        let vector = max(1, min(vectorLength, 1024))
        // Stable storage for the iovecs: the payloads are pinned for the whole run.
        let payloads = UnsafeMutableRawBufferPointer.allocate(
            byteCount: datagrams.reduce(0) { $0 + $1.count },
            alignment: 16
        )
        defer { payloads.deallocate() }
        var iovecs: [iovec] = []
        iovecs.reserveCapacity(datagrams.count)
        var offset = 0
        for datagram in datagrams {
            let base = payloads.baseAddress! + offset
            datagram.withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            iovecs.append(iovec(iov_base: base, iov_len: datagram.count))
            offset += datagram.count
        }
        let headers = UnsafeMutablePointer<MultipleMessageHeader>.allocate(capacity: vector)
        defer { headers.deallocate() }
        let iovecStore = UnsafeMutablePointer<iovec>.allocate(capacity: vector)
        defer { iovecStore.deallocate() }
        let start = Clock.nanoseconds()
        let deadline = start + UInt64(seconds * 1e9)
        var next = 0
        var call = 0
        withUnsafeMutablePointer(to: &self.address) { address in
            address.withMemoryRebound(to: sockaddr.self, capacity: 1) { target in
                while sent.datagrams < maxDatagrams {
                    let now = Clock.nanoseconds()
                    if now >= deadline { break }
                    if rate > 0 {
                        // Pace on lines: wait until the schedule allows the next vector.
                        let due = start + UInt64(Double(sent.lines) / rate * 1e9)
                        if due > now {
                            Clock.sleep(nanoseconds: min(due - now, deadline - now))
                            continue
                        }
                    }
                    let count = Int(min(UInt64(vector), maxDatagrams - sent.datagrams))
                    for index in 0..<count {
                        let which = (next + index) % datagrams.count
                        iovecStore[index] = iovecs[which]
                        headers[index] = MultipleMessageHeader()
                        headers[index].header.msg_name = UnsafeMutableRawPointer(target)
                        headers[index].header.msg_namelen = socklen_t(MemoryLayout<sockaddr_in>.size)
                        headers[index].header.msg_iov = iovecStore + index
                        headers[index].header.msg_iovlen = 1
                    }
                    let accepted = SendMultiple.function(
                        self.fds[call % self.fds.count],
                        UnsafeMutableRawPointer(headers),
                        UInt32(count),
                        0
                    )
                    call &+= 1
                    if accepted <= 0 {
                        sent.refused &+= 1
                        if errno == ENOBUFS || errno == EAGAIN { Clock.sleep(nanoseconds: 50_000) }
                        continue
                    }
                    for index in 0..<Int(accepted) {
                        let which = (next + index) % datagrams.count
                        sent.lines &+= UInt64(linesPer[which])
                        sent.bytes &+= UInt64(datagrams[which].count)
                    }
                    sent.datagrams &+= UInt64(accepted)
                    next = (next + Int(accepted)) % datagrams.count
                }
            }
        }
        sent.seconds = Double(Clock.nanoseconds() - start) / 1e9
        return sent
    }
}

/// `struct mmsghdr` of <sys/socket.h>, which Swift's Glibc module leaves out (it needs `_GNU_SOURCE`).
struct MultipleMessageHeader {
    var header = msghdr()
    var length: UInt32 = 0
}

/// glibc's `sendmmsg`, looked up at run time for the same reason.
enum SendMultiple {
    typealias Function = @convention(c) (Int32, UnsafeMutableRawPointer?, UInt32, Int32) -> Int32

    static let function: Function = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sendmmsg") else {
            fatalError("sendmmsg is not available in this C library")
        }
        return unsafeBitCast(symbol, to: Function.self)
    }()
}

/// Monotonic time and sleeping.
enum Clock {
    static func nanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    static func sleep(nanoseconds: UInt64) {
        var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR {
            request = remaining
        }
    }
}

/// The only destination the tool sends to.
enum Loopback {
    static func address(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        return address
    }
}

/// A failure of the load tool, with what went wrong.
struct LoadError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
