/// A `host:port` listen address as statsd_exporter accepts it: `:9125`, `127.0.0.1:9125`, `[::1]:9125`,
/// `localhost:9125`.
///
/// An empty host means every interface. Unlike statsd_exporter, which binds only IPv4 then, we bind both `0.0.0.0`
/// and `[::]` (our deliberate difference #2).
package struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// `nil` for every interface; IPv6 literals are stored without brackets.
    package var host: String?
    package var port: Int

    package init(host: String?, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `text`.
    /// - Throws: ``ListenerError/invalidListenAddress(_:reason:file:line:)`` naming what is wrong.
    package init(parsing text: String) throws(ListenerError) {
        guard let colon = text.lastIndex(of: ":") else {
            throw .invalidListenAddress(text, reason: "missing port (want HOST:PORT or :PORT)")
        }
        var host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw .invalidListenAddress(text, reason: "port must be a number from 0 to 65535")
        }
        if host.hasPrefix("[") {
            guard host.hasSuffix("]") else { throw .invalidListenAddress(text, reason: "unclosed [ in IPv6 host") }
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            throw .invalidListenAddress(text, reason: "an IPv6 host must be written in brackets, e.g. [::1]:9125")
        }
        self.host = host.isEmpty ? nil : host
        self.port = port
    }

    /// The hosts to bind: both wildcard families when no host was given.
    package var bindHosts: [String] {
        if let host { return [host] }
        return ["0.0.0.0", "::"]
    }

    package var description: String {
        guard let host else { return ":\(self.port)" }
        return host.contains(":") ? "[\(host)]:\(self.port)" : "\(host):\(self.port)"
    }
}
