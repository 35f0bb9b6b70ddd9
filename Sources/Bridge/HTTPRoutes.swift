import Exposition
import NIOCore

/// What the HTTP server serves, and nothing else of the daemon: the handler gets this instead of the bridge.
///
/// Each closure is called on the HTTP thread pool, never on the event loop, because each can take a while: a large
/// scrape, the status page's walk of the store, a reload that reads and compiles the mapping file.
struct HTTPRoutes: Sendable {
    /// `--web.telemetry-path`.
    var telemetryPath: String
    /// `--web.enable-lifecycle`: whether `/-/reload` and `/-/quit` are served.
    var enableLifecycle: Bool
    /// The `/metrics` body in the negotiated format.
    var renderMetrics: @Sendable (ScrapeFormat.Encoding, ByteBufferAllocator) -> ByteBuffer
    /// The status page's HTML, refreshing itself every so many seconds (0: never).
    var renderStatusPage: @Sendable (_ refreshSeconds: Int) -> String
    /// Reloads the mapping file; the error says why it was refused.
    var reload: @Sendable () throws(BridgeError) -> Void
    /// Asks the daemon to stop, as `/-/quit` does.
    var requestQuit: @Sendable () -> Void
}

extension HTTPRoutes {
    /// The routes of `bridge`, with `requestQuit` to end the daemon.
    init(bridge: StatsDBridge, requestQuit: @escaping @Sendable () -> Void) {
        self.init(
            telemetryPath: bridge.configuration.telemetryPath,
            enableLifecycle: bridge.configuration.enableLifecycle,
            renderMetrics: { bridge.renderMetrics($0, allocator: $1) },
            renderStatusPage: { bridge.renderStatusPage(refreshSeconds: $0) },
            reload: { () throws(BridgeError) in try bridge.reloader.reload(trigger: .http) },
            requestQuit: requestQuit
        )
    }
}
