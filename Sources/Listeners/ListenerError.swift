/// Why a StatsD listener or the relay could not be set up: what went wrong, where it was raised, and enough detail
/// to fix it. Per-line problems are counted instead.
package struct ListenerError: Error, Hashable, CustomStringConvertible {
    package enum Code: Hashable, Sendable {
        case invalidListenAddress(address: String, reason: String)
        case bindFailed(what: String, address: String, reason: String)
        case unixSocketExists(path: String)
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

    package static func unixSocketExists(_ path: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(code: .unixSocketExists(path: path), file: file, line: line)
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
        case .unixSocketExists(let path):
            "unixgram socket path \(path) already exists; remove it or choose another --statsd.listen-unixgram"
        }
    }

    package var description: String { "ListenerError: \(self.message) (raised at \(self.file):\(self.line))" }
}
