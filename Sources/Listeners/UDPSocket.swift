#if canImport(Glibc)
import Glibc
#endif

/// A bound UDP socket read with plain `recvmmsg` by a ``UDPReaders`` thread, set up as the NIO listeners are:
/// SO_REUSEADDR, SO_REUSEPORT when several readers share the port, IPV6_V6ONLY for the IPv6 wildcard; then
/// ``DatagramReceiver/configure(_:receiveBufferBytes:)`` sets `--statsd.read-buffer` and the receive timeout.
package struct UDPSocket: Sendable {
    /// Why a socket could not be made or bound, in the system's words.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    package let descriptor: Int32
    package let localAddress: SocketAddressDescription

    /// Creates and binds a socket for `host:port` (resolved as NIO resolves it: the first address `getaddrinfo`
    /// gives).
    /// - Throws: ``Failure`` with the resolver's or the system's reason.
    package init(host: String, port: Int, ipv6Only: Bool, reusePort: Bool, receiveBufferBytes: Int) throws(Failure) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var resolved: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &resolved)
        guard status == 0, let first = resolved else {
            throw Failure(description: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(resolved) }
        let family = first.pointee.ai_family
        let descriptor = socket(family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: Self.errnoText()) }
        Self.set(descriptor, SOL_SOCKET, SO_REUSEADDR, 1)
        if reusePort {
            Self.set(descriptor, SOL_SOCKET, SO_REUSEPORT, 1)
        }
        if ipv6Only && family == AF_INET6 {
            Self.set(descriptor, Int32(IPPROTO_IPV6), IPV6_V6ONLY, 1)
        }
        DatagramReceiver.configure(descriptor, receiveBufferBytes: receiveBufferBytes)
        guard bind(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let reason = Self.errnoText()
            close(descriptor)
            throw Failure(description: reason)
        }
        guard let local = Self.localAddress(of: descriptor) else {
            let reason = Self.errnoText()
            close(descriptor)
            throw Failure(description: reason)
        }
        self.descriptor = descriptor
        self.localAddress = local
    }

    /// The receive buffer the kernel granted; Linux reports twice the size it was given.
    package var receiveBufferBytes: Int {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(self.descriptor, SOL_SOCKET, SO_RCVBUF, &value, &length) == 0 else { return 0 }
        return Int(value)
    }

    private static func set(_ descriptor: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
        var value = value
        setsockopt(descriptor, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    private static func localAddress(of descriptor: Int32) -> SocketAddressDescription? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var service = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        let named = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                guard getsockname(descriptor, address, &length) == 0 else { return false }
                return getnameinfo(
                    address,
                    length,
                    &host,
                    socklen_t(host.count),
                    &service,
                    socklen_t(service.count),
                    NI_NUMERICHOST | NI_NUMERICSERV
                ) == 0
            }
        }
        func text(_ characters: [CChar]) -> String {
            String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        guard named, let port = Int(text(service)) else { return nil }
        return SocketAddressDescription(host: text(host), port: port)
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
