#if canImport(Glibc)
import Glibc
#endif

/// A bound UDP socket read with plain `recvmmsg` by a ``UDPReaders`` thread: IPV6_V6ONLY for the IPv6 wildcard,
/// SO_REUSEPORT when several readers share the port; then ``DatagramReceiver/configure(_:receiveBufferBytes:)`` sets
/// `--statsd.read-buffer` and the receive timeout.
///
/// Several sockets on one port let the kernel spread senders over the reader threads by source address and port,
/// so one client's datagrams are still read in order by one thread. SO_REUSEPORT would also let a second process
/// join the port and silently take part of the traffic; ``bindGroup(host:port:ipv6Only:count:receiveBufferBytes:)``
/// therefore first claims the port with a plain socket, so a second statsd-bridge (or statsd_exporter) on a port in
/// use fails with "Address already in use", as statsd_exporter does. No SO_REUSEADDR either: for UDP it lets two
/// sockets bind one port too.
package struct UDPSocket: Sendable {
    package typealias Failure = POSIXSocket.Failure

    package let descriptor: Int32
    package let localAddress: SocketAddressDescription

    /// `count` sockets bound to `host:port` (resolved as NIO resolves it: the first address `getaddrinfo` gives),
    /// sharing the port with SO_REUSEPORT when there are several. Port 0 picks one port for all of them.
    /// - Throws: ``Failure`` with the resolver's or the system's reason, e.g. when the port is in use.
    package static func bindGroup(
        host: String,
        port: Int,
        ipv6Only: Bool,
        count: Int,
        receiveBufferBytes: Int
    ) throws(Failure) -> [UDPSocket] {
        let claim = try UDPSocket(
            host: host,
            port: port,
            ipv6Only: ipv6Only,
            reusePort: false,
            receiveBufferBytes: receiveBufferBytes
        )
        guard count > 1 else { return [claim] }
        close(claim.descriptor)
        var group: [UDPSocket] = []
        do {
            for _ in 0..<count {
                group.append(
                    try UDPSocket(
                        host: host,
                        port: claim.localAddress.port,
                        ipv6Only: ipv6Only,
                        reusePort: true,
                        receiveBufferBytes: receiveBufferBytes
                    )
                )
            }
        } catch {
            group.forEach { close($0.descriptor) }
            throw error
        }
        return group
    }

    private init(host: String, port: Int, ipv6Only: Bool, reusePort: Bool, receiveBufferBytes: Int) throws(Failure) {
        let (descriptor, local) = try POSIXSocket.withAddress(
            host: host,
            port: port,
            type: Int32(SOCK_DGRAM.rawValue),
            passive: true
        ) { address throws(Failure) in
            let family = address.pointee.ai_family
            let descriptor = try POSIXSocket.open(family: family, type: Int32(SOCK_DGRAM.rawValue))
            if reusePort {
                POSIXSocket.set(descriptor, level: SOL_SOCKET, option: SO_REUSEPORT, to: 1)
            }
            if ipv6Only && family == AF_INET6 {
                POSIXSocket.set(descriptor, level: Int32(IPPROTO_IPV6), option: IPV6_V6ONLY, to: 1)
            }
            DatagramReceiver.configure(descriptor, receiveBufferBytes: receiveBufferBytes)
            guard bind(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0,
                let local = Self.localAddress(of: descriptor)
            else {
                throw POSIXSocket.lastError(closing: descriptor)
            }
            return (descriptor, local)
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
}
