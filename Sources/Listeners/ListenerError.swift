/// Why a StatsD listener or the relay could not be set up: what went wrong, where it was raised, and enough detail
/// to fix it. Per-line problems are counted instead.
package struct ListenerError: Error, Hashable, CustomStringConvertible {
    package enum Code: Hashable, Sendable {
        case invalidListenAddress(address: String, reason: String)
        case bindFailed(what: String, address: String, reason: String)
        case unixSocketExists(path: String, kind: UnixSocketKind)
    }

    /// The two Unix socket listeners, for messages that name the right one.
    package enum UnixSocketKind: Hashable, Sendable {
        /// `--statsd.listen-unixgram`.
        case datagram
        /// `--statsd.listen-unix`.
        case stream

        /// How a message names the socket.
        var name: String {
            switch self {
            case .datagram: "unixgram"
            case .stream: "unix stream"
            }
        }

        /// The flag that names its path.
        var flag: String {
            switch self {
            case .datagram: "--statsd.listen-unixgram"
            case .stream: "--statsd.listen-unix"
            }
        }
    }

    package let code: Code
    private let file: String
    private let line: Int

    package static func invalidListenAddress(
        _ address: String,
        reason: String,
        file: String = #fileID,
        line: Int = #line
    ) -> Self {
        Self(code: .invalidListenAddress(address: address, reason: reason), file: file, line: line)
    }

    package static func bindFailed(
        _ what: String,
        address: String,
        reason: String,
        file: String = #fileID,
        line: Int = #line
    ) -> Self {
        Self(code: .bindFailed(what: what, address: address, reason: reason), file: file, line: line)
    }

    package static func unixSocketExists(
        _ path: String,
        kind: UnixSocketKind,
        file: String = #fileID,
        line: Int = #line
    ) -> Self {
        Self(code: .unixSocketExists(path: path, kind: kind), file: file, line: line)
    }

    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    package func hash(into hasher: inout Hasher) { hasher.combine(self.code) }

    /// A sentence for the user; the raising location is kept for debug reports.
    package var message: String {
        switch self.code {
        case .invalidListenAddress(let address, let reason):
            "invalid listen address \"\(address)\": \(reason)"
        case .bindFailed(let what, let address, let reason):
            "cannot listen for \(what) on \(address): \(reason)"
        case .unixSocketExists(let path, let kind):
            "\(kind.name) socket path \(path) already exists; remove it or choose another \(kind.flag)"
        }
    }

    package var description: String { "ListenerError: \(self.message) (raised at \(self.file):\(self.line))" }
}
