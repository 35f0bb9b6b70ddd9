import Synchronization

/// Whether the kernel is dropping datagrams on our UDP sockets now, for the status page's drops card.
///
/// The drop count (the `drops` column of /proc/net/udp) costs a walk over every UDP socket of the host, so the
/// once-a-second sweep does not read it: each status-page load takes one reading and records it here. Drops are
/// *rising* when the count now is higher than at the start of the window, that is than the newest reading at least
/// a window (a minute) old, or the process start (zero: the counts are per socket and the sockets are ours) before
/// there is one. So the card stays red for a minute after the last drop any load saw, across the page's 5 s
/// refreshes and whoever else has it open. When nobody loaded the page for longer, the window reaches back to the
/// last load: drops since then turn it red once, for a minute, since when they happened cannot be told. Memory is
/// at most one reading per second of the window.
package final class DropTrend: Sendable {
    /// One reading of the cumulative drop count.
    package struct Reading: Sendable, Equatable {
        /// Monotonic time of the reading (``NIOCore/NIODeadline`` uptime nanoseconds).
        package var nanoseconds: UInt64
        package var drops: UInt64

        package init(nanoseconds: UInt64, drops: UInt64) {
            self.nanoseconds = nanoseconds
            self.drops = drops
        }
    }

    /// What the card shows.
    package struct Window: Sendable, Equatable {
        /// Drops since the sockets were opened.
        package var total: UInt64
        /// Drops during the window.
        package var recent: UInt64
        /// Length of the window in seconds: back to the newest load at least a minute old (or to the start), so a
        /// minute while the page is watched, less just after the start, more after a time nobody looked.
        package var seconds: Double

        package init(total: UInt64, recent: UInt64, seconds: Double) {
            self.total = total
            self.recent = recent
            self.seconds = seconds
        }

        /// The count went up during the window.
        package var rising: Bool { self.recent > 0 }
    }

    /// How far back "rising" looks.
    package let windowNanoseconds: UInt64
    /// Oldest first; the first entry is the start of the process (no drops) until it falls out of the window.
    private let readings: Mutex<[Reading]>

    /// - Parameters:
    ///   - start: the monotonic time the UDP sockets were opened, when every drop count was zero.
    ///   - windowNanoseconds: how far back "rising" looks; a minute by default.
    package init(start: UInt64, windowNanoseconds: UInt64 = 60_000_000_000) {
        self.windowNanoseconds = windowNanoseconds
        self.readings = Mutex([Reading(nanoseconds: start, drops: 0)])
    }

    /// Compares `current` with the start of the window, then keeps it (unless a kept reading is under a second
    /// older) and forgets readings older than the window's base.
    /// - Complexity: O(*n*) for the at most one reading per second of the window.
    package func record(_ current: Reading) -> Window {
        self.readings.withLock { readings in
            let start = current.nanoseconds &- min(current.nanoseconds, self.windowNanoseconds)
            var base = readings[0]
            for reading in readings.dropFirst() where reading.nanoseconds <= start {
                base = reading
            }
            if let last = readings.last, current.nanoseconds >= last.nanoseconds &+ 1_000_000_000 {
                readings.append(current)
                var drop = 0
                while drop + 1 < readings.count, readings[drop + 1].nanoseconds <= start {
                    drop += 1
                }
                if drop > 0 { readings.removeFirst(drop) }
            }
            guard current.nanoseconds > base.nanoseconds else {
                return Window(total: current.drops, recent: 0, seconds: 0)
            }
            return Window(
                total: current.drops,
                recent: current.drops &- min(current.drops, base.drops),
                seconds: Double(current.nanoseconds - base.nanoseconds) / 1e9
            )
        }
    }
}
