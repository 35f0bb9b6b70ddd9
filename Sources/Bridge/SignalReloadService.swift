import ServiceLifecycle
import UnixSignals

/// Reloads the mapping file on every SIGHUP, as statsd_exporter does; a broken file keeps the old rules and is
/// logged with every problem it has (``MappingReloader`` logs each attempt).
package struct SignalReloadService: Service, CustomStringConvertible {
    private let reloader: MappingReloader

    package init(reloader: MappingReloader) {
        self.reloader = reloader
    }

    /// How service-lifecycle names the service in its debug lines, instead of dumping every stored property.
    package var description: String { "SignalReloadService" }

    package func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            _ = try? self.reloader.reload(trigger: .signal)
        }
    }
}
