/// The addresses actually bound, reported once every listener is up: how tests and logs learn the ports when
/// port 0 was asked for.
package struct ListeningAddresses: Sendable {
    package var udp: [SocketAddressDescription] = []
    package var tcp: [SocketAddressDescription] = []
    package var unixgram: String?
    package var http: [SocketAddressDescription] = []
}

/// A bound IP address and port.
package struct SocketAddressDescription: Sendable, Hashable, CustomStringConvertible {
    package var host: String
    package var port: Int

    package var description: String { self.host.contains(":") ? "[\(self.host)]:\(self.port)" : "\(self.host):\(self.port)" }
}
