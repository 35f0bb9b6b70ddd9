#if canImport(Glibc)
import Glibc
#endif

/// Blocking loopback sockets for end-to-end tests: what a StatsD client and a scraper do, with no dependency on the
/// code under test.
enum LoopbackClient {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var text: String { String(decoding: self.body, as: UTF8.self) }
    }

    static func sendUDP(_ payload: [UInt8], port: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = Self.loopback(port)
        let sent = payload.withUnsafeBytes { bytes in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard sent == payload.count else { throw Failure(description: "sendto: errno \(errno)") }
    }

    static func sendUnixgram(_ payload: [UInt8], path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = Self.unixAddress(path)
        let sent = payload.withUnsafeBytes { bytes in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
        }
        guard sent == payload.count else { throw Failure(description: "sendto unixgram: errno \(errno)") }
    }

    /// Connects, writes `payload` and closes. How the stream is cut into reads is the framer's business, tested in
    /// an `EmbeddedChannel`.
    static func sendTCP(_ payload: [UInt8], port: Int) throws {
        let fd = try Self.connect(port)
        defer { close(fd) }
        try Self.writeAll(fd, payload)
    }

    /// Opens a TCP connection and leaves it open; the caller closes the descriptor.
    static func openTCP(port: Int) throws -> Int32 {
        try Self.connect(port)
    }

    /// Connects to the Unix stream socket at `path`, as the PyPI client's `UnixSocketStatsClient` does, and leaves
    /// the connection open; the caller closes the descriptor.
    static func openUnixStream(path: String) throws -> Int32 {
        try Self.connectStream(AF_UNIX, to: Self.unixAddress(path), describedAs: path)
    }

    /// Writes all of `bytes` to a connected stream socket: one `send` call each, so separate calls reach the peer
    /// as separate writes.
    static func write(_ bytes: [UInt8], to fd: Int32) throws {
        try Self.writeAll(fd, bytes)
    }

    /// Whether the peer closes `descriptor` within `seconds` (a read returns end of file or an error).
    static func peerCloses(_ descriptor: Int32, within seconds: Int) -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(seconds * 1000)) > 0 else { return false }
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, 0) <= 0
    }

    /// One HTTP/1.1 request with `Connection: close`; reads the whole response.
    static func request(
        _ method: String,
        _ path: String,
        port: Int,
        headers: [String: String] = [:]
    ) throws -> Response {
        let fd = try Self.connect(port)
        defer { close(fd) }
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 0\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        try Self.writeAll(fd, Array(request.utf8))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received.append(contentsOf: buffer[..<count])
        }
        guard let split = Self.find([13, 10, 13, 10], in: received) else {
            throw Failure(description: "no HTTP header end in \(received.count) bytes")
        }
        let head = String(decoding: received[..<split], as: UTF8.self).split(separator: "\r\n")
        let statusLine = head.first?.split(separator: " ") ?? []
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw Failure(description: "bad status line \(head.first ?? "")")
        }
        var parsed: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            parsed[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingPrefix(" ").description
        }
        return Response(status: status, headers: parsed, body: Array(received[(split + 4)...]))
    }

    private static func connect(_ port: Int) throws -> Int32 {
        try Self.connectStream(AF_INET, to: Self.loopback(port), describedAs: "127.0.0.1:\(port)")
    }

    /// A stream socket of `family` connected to `address` (a `sockaddr_in` or `sockaddr_un`).
    private static func connectStream<Address>(
        _ family: Int32,
        to address: Address,
        describedAs description: String
    ) throws -> Int32 {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = address
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<Address>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(description: "connect to \(description): errno \(errno)")
        }
        return fd
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure(description: "send: errno \(errno)") }
            offset += written
        }
    }

    private static func unixAddress(_ path: String) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        return address
    }

    private static func loopback(_ port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
