#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `process_*` figures client_golang exports, read from the kernel, so dashboards that chart them keep working.
enum ProcessStatistics {
    /// Seconds since the Unix epoch, from the real-time clock.
    static func wallClockSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// User plus system CPU seconds of this process.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }

    /// Resident set size in bytes from `/proc/self/statm`, or `nil` where there is no procfs.
    static func residentMemoryBytes() -> Double? {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let fields = buffer[..<count].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Double(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Datagrams the kernel dropped on the UDP sockets bound to `ports` because their receive buffer was full: the
    /// `drops` column of /proc/net/udp and /proc/net/udp6, per socket since it was opened. `nil` without procfs.
    static func udpSocketDrops(ports: Set<Int>) -> Double? {
        var total: Double?
        for table in ["/proc/net/udp", "/proc/net/udp6"] {
            guard let text = Self.readFile(table) else { continue }
            total = total ?? 0
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                guard fields.count > 12, let colon = fields[1].lastIndex(of: ":"),
                    let port = Int(fields[1][fields[1].index(after: colon)...], radix: 16), ports.contains(port),
                    let drops = Double(fields[12])
                else { continue }
                total! += drops
            }
        }
        return total
    }

    /// `net.core.rmem_max`: the largest SO_RCVBUF an unprivileged process may ask for.
    static func receiveBufferMaximum() -> Int? {
        Self.readFile("/proc/sys/net/core/rmem_max").flatMap { Int($0.filter(\.isNumber)) }
    }

    private static func readFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            contents.append(contentsOf: chunk[..<count])
        }
        return String(decoding: contents, as: UTF8.self)
    }
}
