import Synchronization

/// Lines and samples per second over the last minute, for the status page.
///
/// The ingest path is not touched: the once-a-second sweep (``StatsDBridge/removeExpiredSeries()``) records the
/// cumulative `statsd_exporter_lines_total` and `_samples_total` here, and a rate is the difference between the
/// current totals and the oldest reading that is at most a minute old. Memory is one reading per second of the
/// window, about 60 entries.
package final class RecentRates: Sendable {
    /// One reading of the cumulative totals.
    package struct Reading: Sendable, Equatable {
        /// Monotonic time of the reading (``NIOCore/NIODeadline`` uptime nanoseconds).
        package var nanoseconds: UInt64
        package var lines: UInt64
        package var samples: UInt64

        package init(nanoseconds: UInt64, lines: UInt64, samples: UInt64) {
            self.nanoseconds = nanoseconds
            self.lines = lines
            self.samples = samples
        }
    }

    /// What the status page shows: counts over a window and the window's length.
    package struct Window: Sendable, Equatable {
        /// Lines received during the window.
        package var lines: UInt64
        /// Samples received during the window.
        package var samples: UInt64
        /// Length of the window in seconds: a minute once the daemon has run that long, the uptime before.
        package var seconds: Double

        package init(lines: UInt64, samples: UInt64, seconds: Double) {
            self.lines = lines
            self.samples = samples
            self.seconds = seconds
        }

        package var linesPerSecond: Double { self.seconds > 0 ? Double(self.lines) / self.seconds : 0 }
        package var samplesPerSecond: Double { self.seconds > 0 ? Double(self.samples) / self.seconds : 0 }
    }

    /// How far back a rate looks.
    package let windowNanoseconds: UInt64
    /// Oldest first; the first entry is the start of the process (all zeros) until it falls out of the window.
    private let readings: Mutex<[Reading]>

    /// - Parameters:
    ///   - start: the monotonic time the counters started at zero.
    ///   - windowNanoseconds: how far back a rate looks; a minute by default.
    package init(start: UInt64, windowNanoseconds: UInt64 = 60_000_000_000) {
        self.windowNanoseconds = windowNanoseconds
        self.readings = Mutex([Reading(nanoseconds: start, lines: 0, samples: 0)])
    }

    /// Stores a reading and forgets those no longer needed: the newest reading at or before the window's start is
    /// kept as its base, everything older goes.
    /// - Complexity: amortized O(1); the array holds one window of readings.
    package func record(_ reading: Reading) {
        self.readings.withLock { readings in
            if let last = readings.last, reading.nanoseconds < last.nanoseconds { return }
            readings.append(reading)
            let start = reading.nanoseconds &- min(reading.nanoseconds, self.windowNanoseconds)
            var drop = 0
            while drop + 1 < readings.count, readings[drop + 1].nanoseconds <= start {
                drop += 1
            }
            if drop > 0 { readings.removeFirst(drop) }
        }
    }

    /// Counts since the oldest reading at most a window old (or the base just before the window).
    /// - Parameter current: the totals now.
    package func window(current: Reading) -> Window {
        let base: Reading = self.readings.withLock { readings in
            let start = current.nanoseconds &- min(current.nanoseconds, self.windowNanoseconds)
            var base = readings[0]
            for reading in readings.dropFirst() where reading.nanoseconds <= start {
                base = reading
            }
            return base
        }
        guard current.nanoseconds > base.nanoseconds else { return Window(lines: 0, samples: 0, seconds: 0) }
        return Window(
            lines: current.lines &- min(current.lines, base.lines),
            samples: current.samples &- min(current.samples, base.samples),
            seconds: Double(current.nanoseconds - base.nanoseconds) / 1e9
        )
    }
}
