import ConfigSupport
import Logging
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
        package let authenticator: BasicAuthenticator
        package let tls: TLSServer?

        package var headers: [ResponseHeader] { self.config.headers }
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
        let read = Self.read(path)
        let active: Active
        switch read.active {
        case .success(let ready): active = ready
        case .failure(let error): throw error
        }
        self.path = path
        self.servesTLS = active.tls != nil
        self.startupWarnings = active.config.warnings
        self.logger = logger
        self.state = Mutex(read)
    }

    /// The config as the files are now, read again if any of them changed since the last call.
    ///
    /// Only the published value is read under the lock: the `stat` calls, the re-read, the TLS context build and
    /// the log lines happen outside it, so a slow disk never holds up requests that only need the value in force.
    /// When several requests notice the same change, the first to finish publishes its reading and logs it.
    package func current() -> Result<Active, WebConfigError> {
        let seen = self.state.withLock { $0 }
        guard FileStamp.of(seen.watched) != seen.stamps else { return seen.active }
        let fresh = Self.read(self.path)
        let published = self.state.withLock { state in
            guard state.stamps == seen.stamps, state.watched == seen.watched else { return false }
            state = fresh
            return true
        }
        if published {
            self.log(fresh.active)
        }
        return fresh.active
    }

    private func log(_ reading: Result<Active, WebConfigError>) {
        switch reading {
        case .success(let active):
            for warning in active.config.warnings {
                self.logger.warning("\(warning)")
            }
            self.logger.info("web config reloaded", metadata: ["file": "\(self.path)"])
        case .failure(let error):
            self.logger.error("Unable to parse configuration", metadata: ["file": "\(self.path)", "err": "\(error)"])
        }
    }

    /// Reads the config and the files it names, stamping each before it is read, so that a change made while
    /// reading is noticed by the next call rather than lost.
    private static func read(_ path: String) -> State {
        let configStamp = FileStamp(path: path)
        let config: WebConfig
        do {
            config = try WebConfig.load(contentsOf: path)
        } catch {
            return State(watched: [path], stamps: [configStamp], active: .failure(error))
        }
        let watched = config.watchedFiles
        let stamps = [configStamp] + FileStamp.of(Array(watched.dropFirst()))
        do {
            return State(watched: watched, stamps: stamps, active: .success(try Self.activate(config)))
        } catch {
            return State(watched: watched, stamps: stamps, active: .failure(error))
        }
    }

    private static func activate(_ config: WebConfig) throws(WebConfigError) -> Active {
        Active(
            config: config,
            authenticator: BasicAuthenticator(users: config.users),
            tls: try config.tls?.makeServer()
        )
    }
}
