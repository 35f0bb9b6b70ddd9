/// The addresses actually bound, reported once every listener is up: how tests and logs learn the ports when
/// port 0 was asked for.
package struct ListeningAddresses: Sendable {
    package var udp: [SocketAddressDescription] = []
    package var tcp: [SocketAddressDescription] = []
    package var unixgram: String?
    /// The Unix stream socket's path (`--statsd.listen-unix`).
    package var unixStream: String?
    package var http: [SocketAddressDescription] = []

    package init() {}
}
