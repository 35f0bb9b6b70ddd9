import Synchronization

/// The outcome of the latest mapping reload (SIGHUP or `/-/reload`), for the status page: the self-metric
/// `statsd_exporter_config_reloads_total{outcome}` counts reloads but cannot say when the last one happened or why
/// it failed.
package final class LastReload: Sendable {
    /// One reload attempt.
    package struct Attempt: Sendable, Equatable {
        /// Seconds since the Unix epoch.
        package var unixSeconds: Double
        package var succeeded: Bool
        /// Every problem of the file when it failed (file:line:column each); empty on success.
        package var message: String
    }

    private let attempt = Mutex<Attempt?>(nil)

    package init() {}

    package func record(succeeded: Bool, message: String = "", unixSeconds: Double) {
        self.attempt.withLock { $0 = Attempt(unixSeconds: unixSeconds, succeeded: succeeded, message: message) }
    }

    /// The latest attempt; `nil` when the file was only loaded at startup.
    package var latest: Attempt? { self.attempt.withLock { $0 } }
}
