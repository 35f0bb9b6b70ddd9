#if canImport(Glibc)
import Glibc
#endif

/// The one place the listeners and the relay make raw sockets: name resolution, Unix socket addresses, socket
/// creation, options and the system's words for a failure. The UDP and unixgram readers, the relay and the Unix
/// stream listener (for its address) all go through it, so each failure is worded the same way whichever socket it
/// hit.
package enum POSIXSocket {
    /// Why a socket could not be made, resolved or bound, in the resolver's or the system's words.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Calls `body` with the first address `getaddrinfo` gives for `host:port`, as NIO resolves it.
    /// - Parameters:
    ///   - type: `SOCK_DGRAM` or `SOCK_STREAM`.
    ///   - passive: whether the address is to bind to (`AI_PASSIVE`) rather than to connect to.
    /// - Throws: ``Failure`` with `gai_strerror`'s reason, or whatever `body` throws.
    static func withAddress<Result>(
        host: String,
        port: Int,
        type: Int32,
        passive: Bool,
        _ body: (UnsafePointer<addrinfo>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = type
        hints.ai_flags = (passive ? AI_PASSIVE : 0) | AI_NUMERICSERV
        var resolved: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &resolved)
        guard status == 0, let first = resolved else {
            throw Failure(description: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(resolved) }
        return try body(first)
    }

    /// The address of a Unix socket at `path`.
    /// - Throws: ``Failure`` when the path does not fit in `sun_path`.
    static func unixAddress(_ path: String) throws(Failure) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else {
            throw Failure(description: "path longer than \(capacity - 1) bytes")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        return address
    }

    /// A new close-on-exec socket.
    /// - Parameter flags: extra type flags, e.g. `SOCK_NONBLOCK`.
    /// - Throws: ``Failure`` with the system's reason.
    static func open(family: Int32, type: Int32, flags: Int32 = 0) throws(Failure) -> Int32 {
        let descriptor = socket(family, type | Int32(SOCK_CLOEXEC.rawValue) | flags, 0)
        guard descriptor >= 0 else { throw Self.lastError() }
        return descriptor
    }

    /// Sets an integer socket option; a failure leaves the default, which every caller can live with.
    static func set(_ descriptor: Int32, level: Int32, option: Int32, to value: Int32) {
        var value = value
        setsockopt(descriptor, level, option, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    /// The failure `errno` describes now, after closing `descriptor` (when given) without losing that `errno`.
    static func lastError(closing descriptor: Int32? = nil) -> Failure {
        let failure = Failure(description: String(cString: strerror(errno)))
        if let descriptor {
            close(descriptor)
        }
        return failure
    }
}
