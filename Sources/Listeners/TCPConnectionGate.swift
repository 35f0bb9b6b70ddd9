import Synchronization

/// Counts open StatsD stream connections, TCP and Unix together, and refuses those beyond
/// `--statsd.tcp-max-connections`, so a flood of connections cannot exhaust file descriptors (statsd_exporter has no
/// limit and dies when accept fails).
package final class TCPConnectionGate: Sendable {
    private let openCount = Atomic<Int>(0)
    private let rejectedCount = Atomic<UInt64>(0)
    private let idleClosedCount = Atomic<UInt64>(0)

    package init() {}

    /// Admits a new connection unless `limit` (0 for none) are already open.
    /// - Returns: `false` when the connection must be closed; it is counted as rejected.
    package func open(limit: Int) -> Bool {
        let count = self.openCount.add(1, ordering: .relaxed).newValue
        guard limit > 0, count > limit else { return true }
        self.openCount.subtract(1, ordering: .relaxed)
        self.rejectedCount.add(1, ordering: .relaxed)
        return false
    }

    package func close() {
        self.openCount.subtract(1, ordering: .relaxed)
    }

    package func recordIdleClose() {
        self.idleClosedCount.add(1, ordering: .relaxed)
    }

    package var open: Int { self.openCount.load(ordering: .relaxed) }
    package var rejected: UInt64 { self.rejectedCount.load(ordering: .relaxed) }
    package var idleClosed: UInt64 { self.idleClosedCount.load(ordering: .relaxed) }
}
