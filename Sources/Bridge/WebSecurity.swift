import Logging
import Mapping
import Synchronization

/// The web config in force for the HTTP server. exporter-toolkit reads its file for every request and every TLS
/// handshake, so a new password or certificate takes effect without a restart; this does the same, but reads
/// the files again only when `stat` shows that one of them changed.
///
/// Whether the listener speaks TLS at all is fixed at start, as in the toolkit. A file that turns bad later fails
/// closed, again as in the toolkit: requests get 500 and handshakes are refused until it is mended.
package final class WebSecurity: Sendable {
    /// What requests and connections use: the headers to add, who may log in, and the TLS setup.
    package struct Active: Sendable {
        package var config: WebConfig
        let headers: [ResponseHeader]
        let authenticator: BasicAuthenticator
        let tls: TLSServer?
    }

    private struct State {
        var watched: [String]
        var stamps: [FileStamp?]
        var active: Result<Active, WebConfigError>
    }

    package let path: String
    /// Whether the HTTP listener terminates TLS; decided by the file as it was at start.
    package let servesTLS: Bool
    /// The warnings of the file as read at start, for the startup log.
    package let startupWarnings: [ConfigDiagnostic]
    private let logger: Logger
    private let state: Mutex<State>

    /// Reads the web config at `path` and prepares its TLS setup.
    /// - Throws: ``WebConfigError`` when the file or a file it names cannot be used.
    package init(path: String, logger: Logger) throws(WebConfigError) {
        let config = try WebConfig.load(contentsOf: path)
        let active = try Self.activate(config)
        self.path = path
        self.servesTLS = active.tls != nil
        self.startupWarnings = config.warnings
        self.logger = logger
        self.state = Mutex(State(watched: config.watchedFiles, stamps: FileStamp.of(config.watchedFiles), active: .success(active)))
    }

    /// The config as the files are now, read again if any of them changed since the last call.
    package func current() -> Result<Active, WebConfigError> {
        self.state.withLock { state in
            let stamps = FileStamp.of(state.watched)
            guard stamps != state.stamps else { return state.active }
            do throws(WebConfigError) {
                let config = try WebConfig.load(contentsOf: self.path)
                state.watched = config.watchedFiles
                state.stamps = FileStamp.of(state.watched)
                state.active = .success(try Self.activate(config))
                for warning in config.warnings {
                    self.logger.warning("\(warning)")
                }
                self.logger.info("web config reloaded", metadata: ["file": "\(self.path)"])
            } catch {
                state.stamps = FileStamp.of(state.watched)
                state.active = .failure(error)
                self.logger.error("Unable to parse configuration", metadata: ["file": "\(self.path)", "err": "\(error)"])
            }
            return state.active
        }
    }

    private static func activate(_ config: WebConfig) throws(WebConfigError) -> Active {
        Active(
            config: config,
            headers: config.headers,
            authenticator: BasicAuthenticator(users: config.users),
            tls: try config.tls?.makeServer()
        )
    }
}
