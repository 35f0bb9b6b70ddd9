import ConfigSupport
import Ingest
import Logging
import Mapping
import Status

/// Reads the mapping file again and swaps it in when it is valid; a broken file keeps the old rules. Every attempt
/// is counted in `statsd_exporter_config_reloads_total{outcome}`, recorded for the status page and logged with what
/// asked for it.
///
/// Reading and compiling a mapping can take a while for a large file, so callers run it off the event loop (the
/// SIGHUP service on its own task, `/-/reload` on the HTTP thread pool); pipelines pick the new mapping up at their
/// next datagram.
package struct MappingReloader: Sendable {
    /// What asked for a reload, for the log line.
    package enum Trigger: String, Sendable {
        case signal = "SIGHUP"
        case http = "HTTP"
    }

    /// The `--statsd.mapping-config` file, or `nil` when the daemon runs without one.
    package let path: String?
    let mapping: MappingState
    let metrics: SelfMetrics
    let lastReload: LastReload
    let logger: Logger

    /// - Returns: the new mapping.
    /// - Throws: ``BridgeError`` naming every problem of the file, or that no file was configured.
    @discardableResult
    package func reload(trigger: Trigger) throws(BridgeError) -> MappingConfig {
        guard let path = self.path else {
            self.logger.warning("reload requested but no mapping config was given", metadata: ["trigger": "\(trigger)"])
            throw .noMappingConfig()
        }
        do {
            let config = try MappingConfig.load(contentsOf: path)
            self.mapping.replace(with: config)
            self.metrics.recordReload(succeeded: true)
            self.lastReload.record(succeeded: true, unixSeconds: ProcessStatistics.wallClockSeconds())
            self.logger.info(
                "mapping config reloaded",
                metadata: ["trigger": "\(trigger)", "file": "\(path)", "mappings": "\(config.ruleCount)"]
            )
            for warning in config.warnings {
                self.logger.warning("\(warning)")
            }
            return config
        } catch {
            self.metrics.recordReload(succeeded: false)
            self.lastReload.record(
                succeeded: false,
                message: error.description,
                unixSeconds: ProcessStatistics.wallClockSeconds()
            )
            self.logger.error(
                "mapping config reload failed; keeping the previous mappings",
                metadata: ["trigger": "\(trigger)", "file": "\(path)"]
            )
            for line in error.description.split(separator: "\n") {
                self.logger.error("\(line)")
            }
            throw .mappingConfig(path, message: error.description)
        }
    }
}
