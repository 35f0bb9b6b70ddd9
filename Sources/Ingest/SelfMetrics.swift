import Synchronization

/// The shared counters behind the `statsd_exporter_*` self-metrics.
///
/// Pipelines add their local ``IngestTotals`` once per datagram; the rarer conflict counts, keyed by metric name,
/// are recorded directly.
package final class SelfMetrics: Sendable {
    /// The labels of `statsd_exporter_events_conflict_total`.
    package struct ConflictKey: Sendable, Hashable {
        package var type: String
        package var metricName: String

        package init(type: String, metricName: String) {
            self.type = type
            self.metricName = metricName
        }
    }

    private let totals = Mutex(IngestTotals())
    private let conflicts = Mutex([ConflictKey: UInt64]())
    private let conflictRecords = Atomic<UInt64>(0)
    private let reloads = Mutex((success: UInt64(0), failure: UInt64(0)))

    package init() {}

    /// Adds `local` to the shared totals and resets it.
    package func drain(_ local: inout IngestTotals) {
        self.totals.withLock { $0.add(local) }
        local = IngestTotals()
    }

    /// Counts `count` events refused because `metricName` already has another type: one lock and one hash
    /// whatever the count, so `x:1|ms|@0.000001` (a million events) costs what `x:1|ms` does.
    package func recordConflict(type: String, metricName: String, count: UInt64 = 1) {
        self.conflictRecords.add(1, ordering: .relaxed)
        self.conflicts.withLock { $0[ConflictKey(type: type, metricName: metricName), default: 0] &+= count }
    }

    /// How many times ``recordConflict(type:metricName:count:)`` took its lock: tests hold conflict accounting to
    /// one lock per line with this.
    package var conflictLockAcquisitions: UInt64 { self.conflictRecords.load(ordering: .relaxed) }

    package func recordReload(succeeded: Bool) {
        self.reloads.withLock {
            if succeeded { $0.success &+= 1 } else { $0.failure &+= 1 }
        }
    }

    package var currentTotals: IngestTotals { self.totals.withLock { $0 } }
    package var currentConflicts: [ConflictKey: UInt64] { self.conflicts.withLock { $0 } }
    package var currentReloads: (success: UInt64, failure: UInt64) { self.reloads.withLock { $0 } }
}
