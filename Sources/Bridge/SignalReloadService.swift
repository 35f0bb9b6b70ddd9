import Logging
import Mapping
import ServiceLifecycle
import UnixSignals

/// Reloads the mapping file on every SIGHUP, as statsd_exporter does; a broken file keeps the old rules and is
/// logged with every problem it has.
package struct SignalReloadService: Service {
    private let bridge: StatsDBridge
    private let logger: Logger

    package init(bridge: StatsDBridge, logger: Logger) {
        self.bridge = bridge
        self.logger = logger
    }

    package func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            guard self.bridge.configuration.mappingConfigPath != nil else {
                self.logger.warning("received SIGHUP but no mapping config to reload")
                continue
            }
            do {
                let config = try self.bridge.reload()
                self.logger.info("mapping config reloaded", metadata: ["mappings": "\(config.ruleCount)"])
                for warning in config.warnings {
                    self.logger.warning("\(warning)")
                }
            } catch {
                self.logger.error("mapping config reload failed; keeping the previous mappings", metadata: ["error": "\(error.message)"])
            }
        }
    }
}
