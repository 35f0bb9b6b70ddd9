#if canImport(Glibc)
import Glibc
#endif

/// Reads what the daemon says about itself: its `/metrics` counters over HTTP on loopback, and its CPU time and
/// resident memory from `/proc/<pid>`.
struct DaemonProbe {
    /// One scrape's counters and the process figures taken right after it.
    struct Reading {
        var lines: Double
        var udpPackets: Double
        var series: Double?
        /// User plus system CPU seconds of the daemon; `nil` without `--pid`.
        var cpuSeconds: Double?
        /// Resident set size in bytes; `nil` without `--pid`.
        var rssBytes: Double?
    }

    /// One timed HTTP exchange.
    struct Fetch {
        var status: Int
        var body: [UInt8]
        var bodyBytes: Int
        var contentEncoding: String?
        var seconds: Double
    }

    let httpPort: Int
    let pid: Int32?

    /// Scrapes `/metrics` (uncompressed) and reads the process figures.
    func read(path: String) throws(LoadError) -> Reading {
        let fetch = try self.fetch(path: path, gzip: false)
        guard fetch.status == 200 else { throw LoadError("GET \(path): HTTP \(fetch.status)") }
        var reading = Reading(lines: 0, udpPackets: 0)
        var found = 0
        // Only the handful of self-metric lines matter; scan line starts without building the whole text.
        var start = 0
        let body = fetch.body
        while start < body.count {
            var end = start
            while end < body.count && body[end] != UInt8(ascii: "\n") { end += 1 }
            if body[start] == UInt8(ascii: "s") {
                let line = String(decoding: body[start..<end], as: UTF8.self)
                if let value = Self.value(of: "statsd_exporter_lines_total", in: line) {
                    reading.lines = value
                    found += 1
                } else if let value = Self.value(of: "statsd_exporter_udp_packets_total", in: line) {
                    reading.udpPackets = value
                } else if let value = Self.value(of: "statsd_bridge_series", in: line) {
                    reading.series = value
                }
            }
            start = end + 1
        }
        guard found == 1 else { throw LoadError("GET \(path): no statsd_exporter_lines_total in the response") }
        if let pid = self.pid {
            reading.cpuSeconds = Self.cpuSeconds(pid: pid)
            reading.rssBytes = Self.rssBytes(pid: pid)
        }
        return reading
    }

    /// Reads until the daemon's line counter stops moving (two equal readings 250 ms apart), at most `timeout` seconds.
    func settle(path: String, timeout: Double = 10) throws(LoadError) -> Reading {
        let deadline = Clock.nanoseconds() + UInt64(timeout * 1e9)
        var previous = try self.read(path: path)
        while Clock.nanoseconds() < deadline {
            Clock.sleep(nanoseconds: 250_000_000)
            let current = try self.read(path: path)
            if current.lines == previous.lines { return current }
            previous = current
        }
        return previous
    }

    /// The `Accept` header Prometheus 2.x sends with `--enable-feature=native-histograms`: protobuf first.
    static let protobufAccept =
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,"
        + "application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,"
        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"

    /// `GET path` on 127.0.0.1, `Connection: close`, timed from connect to the last byte.
    /// - Parameters:
    ///   - accept: the `Accept` header to send, if any.
    ///   - keepBody: `false` counts the body's bytes without keeping them (``Fetch/body`` is then empty and
    ///     ``Fetch/bodyBytes`` says how long it was), so timing a large scrape does not time this tool's copying.
    func fetch(path: String, gzip: Bool, accept: String? = nil, keepBody: Bool = true) throws(LoadError) -> Fetch {
        let start = Clock.nanoseconds()
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LoadError("socket: errno \(errno)") }
        defer { close(fd) }
        var address = Loopback.address(port: self.httpPort)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw LoadError("connect 127.0.0.1:\(self.httpPort): errno \(errno)") }
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(self.httpPort)\r\nConnection: close\r\n"
        if gzip { request += "Accept-Encoding: gzip\r\n" }
        if let accept { request += "Accept: \(accept)\r\n" }
        request += "\r\n"
        let requestBytes = Array(request.utf8)
        var written = 0
        while written < requestBytes.count {
            let count = requestBytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { throw LoadError("write: errno \(errno)") }
            written += count
        }
        var response: [UInt8] = []
        response.reserveCapacity(1 << 20)
        var discarded = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            if keepBody || response.count < 1 << 16 {
                response.append(contentsOf: chunk[..<count])
            } else {
                discarded += count
            }
        }
        let seconds = Double(Clock.nanoseconds() - start) / 1e9
        guard let headerEnd = Self.headerEnd(response) else { throw LoadError("GET \(path): no HTTP header") }
        let header = String(decoding: response[..<headerEnd], as: UTF8.self)
        let lines = header.split(separator: "\r\n")
        let statusParts = lines.first?.split(separator: " ") ?? []
        let status = statusParts.count > 1 ? Int(statusParts[1]) ?? 0 : 0
        var encoding: String?
        var length: Int?
        for line in lines.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = parts[0].lowercased()
            let value = parts[1].drop { $0 == " " }
            if name == "content-encoding" { encoding = String(value) }
            if name == "content-length" { length = Int(value) }
        }
        let body = keepBody ? Array(response[(headerEnd + 4)...]) : []
        let bodyBytes = response.count - (headerEnd + 4) + discarded
        if let length, length != bodyBytes {
            throw LoadError("GET \(path): body of \(bodyBytes) bytes, Content-Length \(length)")
        }
        return Fetch(status: status, body: body, bodyBytes: bodyBytes, contentEncoding: encoding, seconds: seconds)
    }

    private static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// The value of an unlabelled sample line `name value`.
    private static func value(of name: String, in line: String) -> Double? {
        guard line.hasPrefix(name + " ") else { return nil }
        return Double(line.dropFirst(name.utf8.count + 1))
    }

    /// utime + stime of `/proc/<pid>/stat` (fields 14 and 15, counted after the parenthesised command name).
    static func cpuSeconds(pid: Int32) -> Double? {
        guard let text = Self.readFile("/proc/\(pid)/stat"), let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // fields[0] is the state (field 3), so utime (field 14) is fields[11] and stime fields[12].
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// `VmRSS` of `/proc/<pid>/status`, in bytes.
    static func rssBytes(pid: Int32) -> Double? {
        guard let text = Self.readFile("/proc/\(pid)/status") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let digits = line.filter(\.isNumber)
            return Double(digits).map { $0 * 1024 }
        }
        return nil
    }

    /// `RcvbufErrors` of the host's UDP (IPv4) statistics: datagrams the kernel dropped for a full socket buffer.
    static func udpReceiveBufferErrors() -> Double? {
        guard let text = Self.readFile("/proc/net/snmp") else { return nil }
        let lines = text.split(separator: "\n")
        for (index, line) in lines.enumerated() where line.hasPrefix("Udp: ") && index + 1 < lines.count {
            let names = line.split(separator: " ")
            let values = lines[index + 1].split(separator: " ")
            if let column = names.firstIndex(of: "RcvbufErrors"), column < values.count {
                return Double(values[column])
            }
        }
        return nil
    }

    private static func readFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            contents.append(contentsOf: chunk[..<count])
        }
        return String(decoding: contents, as: UTF8.self)
    }
}
