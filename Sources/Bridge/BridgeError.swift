import Listeners

/// Failures of the daemon itself (not of one line or one sample, which are counted instead): what went wrong,
/// where it was raised, and enough detail to fix it.
package struct BridgeError: Error, Hashable, CustomStringConvertible {
    package enum Code: Hashable, Sendable {
        case listener(ListenerError)
        case noListeners
        case mappingConfig(path: String, message: String)
        case noMappingConfig
        case cannotWrite(path: String, reason: String)
    }

    package let code: Code
    private let file: String
    private let line: Int

    package static func listener(_ error: ListenerError, file: String = #fileID, line: Int = #line) -> Self {
        Self(code: .listener(error), file: file, line: line)
    }

    package static func noListeners(file: String = #fileID, line: Int = #line) -> Self {
        Self(code: .noListeners, file: file, line: line)
    }

    package static func mappingConfig(
        _ path: String,
        message: String,
        file: String = #fileID,
        line: Int = #line
    ) -> Self {
        Self(code: .mappingConfig(path: path, message: message), file: file, line: line)
    }

    package static func noMappingConfig(file: String = #fileID, line: Int = #line) -> Self {
        Self(code: .noMappingConfig, file: file, line: line)
    }

    package static func cannotWrite(_ path: String, reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(code: .cannotWrite(path: path, reason: reason), file: file, line: line)
    }

    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    package func hash(into hasher: inout Hasher) { hasher.combine(self.code) }

    /// A sentence for the user; the raising location is kept for `--log.level=debug` reports.
    package var message: String {
        switch self.code {
        case .listener(let error):
            error.message
        case .noListeners:
            "no StatsD listener is enabled: give --statsd.listen-udp, --statsd.listen-tcp, --statsd.listen-unixgram or "
                + "--statsd.listen-unix"
        case .mappingConfig(let path, let message):
            "mapping config \(path) is invalid:\n\(message)"
        case .noMappingConfig:
            "no mapping config to reload: start with --statsd.mapping-config"
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason)"
        }
    }

    package var description: String { "BridgeError: \(self.message) (raised at \(self.file):\(self.line))" }
}
