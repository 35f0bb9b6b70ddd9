/// The sliding window of a summary series. Time is passed in (monotonic nanoseconds, e.g. from ContinuousClock or a
/// test clock) — never read a global clock.
///
/// Matches client_golang's summary (prometheus/summary.go), which statsd_exporter uses for timers:
/// - `ageBuckets` ``TargetedQuantileStream``s each see every observation. Every `maxAge / ageBuckets` (integer
///   nanoseconds) the head stream is reset and the next one becomes head, so the head holds between
///   `maxAge − maxAge/ageBuckets` and `maxAge` of history, and queries read it.
/// - Observations first go to a hot buffer. It is flushed into every stream when it reaches `bufCap`, when an
///   observation arrives after the buffer's expiry, and before every query. (Unlike client_golang, after a window is
///   born or flushed early its next flush comes up to `bufCap / 2` observations sooner, so many windows do not
///   flush at once: see ``flushAt``. Every estimate stays within its objective's error.) A flush inserts the values
///   first and rotates afterwards, so a value that sat in the buffer across a rotation still counts towards the new
///   head.
/// - A query of an empty head gives NaN.
///
/// What it does not keep: `_sum` and `_count`, which are cumulative, not windowed; the store keeps them.
///
/// Memory grows lazily: nothing is reserved up front, a quiet stream releases its storage when it rotates out, and with
/// no objectives no stream exists at all (client_golang's no-objectives summary). A window with a few observations
/// costs about 1 KB; a busy one keeps its buffers (about 85 KB at default options), so observing does not allocate.
package struct SummaryWindow: Sendable {
    /// client_golang's `DefMaxAge`, used when `maxAge` is not positive.
    private static let defaultMaxAge = Duration.seconds(600)
    /// client_golang's `DefAgeBuckets`, used when `ageBuckets` is not positive.
    private static let defaultAgeBuckets = 5
    /// client_golang's `DefBufCap`, used when `bufCap` is not positive.
    private static let defaultBufCap = 500

    /// The objectives, in the order given at creation; ``quantiles(now:)`` answers in this order.
    package let objectives: [(quantile: Double, error: Double)]
    private var streams: [TargetedQuantileStream]
    private var headIndex = 0
    private var hotBuffer: [Double] = []
    private let bufCap: Int
    /// Observations taken before the next flush: `bufCap`, except after the window is born or flushed early (by a
    /// query or an expiry), when it is up to half of `bufCap` fewer, by an amount fixed per window (from its
    /// `stagger`). Windows born or queried together therefore do not all flush at the same observation: with one
    /// sender cycling through many series, a flush (a sort and five stream merges) would otherwise come due for every
    /// series in the same moment and stall the reader long enough for its socket buffer to overflow.
    private(set) var flushAt: Int
    private let flushStagger: Int
    private let streamNanoseconds: UInt64
    /// When the head stream is due to rotate out.
    private var headExpiry: UInt64
    /// When the hot buffer is due to be flushed; rotation catches `headExpiry` up with it.
    private var hotExpiry: UInt64

    /// Creates an empty window.
    ///
    /// A zero `maxAge`, `ageBuckets` or `bufCap` selects client_golang's default (10m, 5, 500), as statsd_exporter's
    /// zero-valued `summary_options` do. Negative values get the defaults too; client_golang panics on a negative
    /// `maxAge`, so the mapping loader should reject one.
    /// - Parameters:
    ///   - objectives: The quantiles to report, each with its allowed rank error. Stored as given, so windows built
    ///     from one array share its storage.
    ///   - maxAge: How long an observation stays in the window, at most.
    ///   - ageBuckets: How many streams the window is split into.
    ///   - bufCap: How many observations the hot buffer holds before it is flushed into the streams.
    ///   - now: The current monotonic time in nanoseconds.
    ///   - stagger: Any number that differs between series, such as the series' identity hash; it picks how much
    ///     sooner than `bufCap` the window flushes after birth and after early flushes. Not the birth time: every
    ///     series born from one read of the socket shares it, and would flush in step.
    package init(
        objectives: [(quantile: Double, error: Double)],
        maxAge: Duration,
        ageBuckets: Int,
        bufCap: Int,
        now: UInt64,
        stagger: UInt64
    ) {
        let maxAge = maxAge > .zero ? maxAge : Self.defaultMaxAge
        let ageBuckets = ageBuckets > 0 ? ageBuckets : Self.defaultAgeBuckets
        self.objectives = objectives
        self.bufCap = bufCap > 0 ? bufCap : Self.defaultBufCap
        self.flushStagger = self.bufCap >= 2 ? Int(stagger % UInt64(self.bufCap / 2)) : 0
        self.flushAt = self.bufCap - self.flushStagger
        // At least 1 ns: Go loops forever on a zero stream duration.
        self.streamNanoseconds = max(1, Self.nanoseconds(of: maxAge) / UInt64(ageBuckets))
        self.headExpiry = Self.adding(now, self.streamNanoseconds)
        self.hotExpiry = self.headExpiry
        if objectives.isEmpty {
            self.streams = []
        } else {
            self.streams = Array(repeating: TargetedQuantileStream(objectives: objectives), count: ageBuckets)
        }
    }

    /// A window without objectives or storage, left behind in a freed series slot.
    static var released: SummaryWindow {
        SummaryWindow(objectives: [], maxAge: .seconds(600), ageBuckets: 1, bufCap: 1, now: 0, stagger: 0)
    }

    /// Adds one observation to the window.
    ///
    /// Allocates only while the hot buffer or a stream grows.
    /// - Complexity: Amortized O(*ageBuckets*) stream inserts per observation.
    package mutating func observe(_ value: Double, now: UInt64) {
        guard !self.streams.isEmpty else {
            return
        }
        if now > self.hotExpiry {
            self.flush(now: now)
        }
        self.hotBuffer.append(value)
        if self.hotBuffer.count >= self.flushAt {
            self.flush(now: now)
            // A full flush keeps the window's place in the stagger.
            self.flushAt = self.bufCap
        }
    }

    /// The current estimate for each objective, in objective order; NaN for each when the window is empty.
    ///
    /// Mutates because it flushes the hot buffer and rotates expired streams first, as client_golang's `Write` does.
    /// Render quantiles sorted ascending, as client_golang does, whatever the objective order.
    package mutating func quantiles(now: UInt64) -> [Double] {
        guard !self.streams.isEmpty else {
            return []
        }
        self.flush(now: now)
        var result: [Double] = []
        result.reserveCapacity(self.objectives.count)
        let isEmpty = self.streams[self.headIndex].count == 0
        for objective in self.objectives {
            result.append(isEmpty ? .nan : self.streams[self.headIndex].query(objective.quantile))
        }
        return result
    }

    /// ``quantiles(now:)``, appended to `values` instead of returned, so a scrape does not allocate per series.
    package mutating func appendQuantiles(now: UInt64, to values: inout [Double]) {
        guard !self.streams.isEmpty else {
            return
        }
        self.flush(now: now)
        let isEmpty = self.streams[self.headIndex].count == 0
        for objective in self.objectives {
            values.append(isEmpty ? .nan : self.streams[self.headIndex].query(objective.quantile))
        }
    }

    /// Inserts the hot buffer into every stream, then moves the expiries past `now` and rotates to match. The next
    /// flush comes after the staggered count (``flushAt``), unless the caller knows the buffer was full.
    private mutating func flush(now: UInt64) {
        self.flushAt = self.bufCap - self.flushStagger
        if !self.hotBuffer.isEmpty {
            self.insertHotBuffer()
        }
        if now > self.hotExpiry {
            // Go steps one stream duration at a time; after a long idle period that is many steps, so jump at once.
            let behind = now - self.hotExpiry
            let steps = (behind - 1) / self.streamNanoseconds + 1
            let (advance, overflow) = steps.multipliedReportingOverflow(by: self.streamNanoseconds)
            self.hotExpiry = overflow ? .max : Self.adding(self.hotExpiry, advance)
        }
        self.rotate()
    }

    /// Inserts the hot buffer, in order, into every stream, sorting each 500 values once for all the streams they
    /// complete.
    ///
    /// client_golang inserts the values one by one into each stream, and a stream sorts its buffer of 500 before
    /// merging it. Each stream's buffer holds the latest values the window received (all streams get every value, and
    /// a merge or reset empties a buffer), so streams buffering as many values buffer the same ones. For each such
    /// group, whenever the hot buffer completes their buffers, the buffered values and the new ones are sorted once
    /// and handed to every stream of the group. Values left over append to the buffers in order: a buffer keeps Go's
    /// order until it is sorted, because with a NaN present the order going in decides where Go's sort leaves
    /// everything. For the same reason a 500 holding a NaN is not handed over sorted; the streams insert those values
    /// in order and sort them as Go does.
    private mutating func insertHotBuffer() {
        var hotBuffer: [Double] = []
        swap(&hotBuffer, &self.hotBuffer)
        defer {
            hotBuffer.removeAll(keepingCapacity: true)
            swap(&hotBuffer, &self.hotBuffer)
        }
        hotBuffer.withUnsafeBufferPointer { values in
            guard self.streams.count <= 64 else {
                for index in self.streams.indices {
                    self.streams[index].insert(contentsOf: values)
                }
                return
            }
            let limit = TargetedQuantileStream.bufferLimit
            var pending: UInt64 = self.streams.count == 64 ? .max : (1 &<< UInt64(self.streams.count)) &- 1
            withUnsafeTemporaryAllocation(of: Double.self, capacity: limit) { full in
                while pending != 0 {
                    let first = pending.trailingZeroBitCount
                    let buffered = self.streams[first].bufferedCount
                    var group: UInt64 = 0
                    var remaining = pending
                    while remaining != 0 {
                        let index = remaining.trailingZeroBitCount
                        remaining &= remaining &- 1
                        if self.streams[index].bufferedCount == buffered {
                            group |= 1 &<< UInt64(index)
                        }
                    }
                    pending &= ~group
                    var held = buffered
                    var start = 0
                    while start < values.count {
                        let end = min(values.count, start &+ limit &- held)
                        let piece = UnsafeBufferPointer(rebasing: values[start..<end])
                        var isHandedOver = false
                        if held &+ piece.count == limit {
                            if held > 0 {
                                self.streams[first].withBufferedValues { _ = full.initialize(fromContentsOf: $0) }
                            }
                            _ = UnsafeMutableBufferPointer(rebasing: full[held...]).initialize(fromContentsOf: piece)
                            isHandedOver = !TargetedQuantileStream.containsNaN(UnsafeBufferPointer(full))
                            if isHandedOver {
                                TargetedQuantileStream.sortAscending(full)
                            }
                        }
                        var members = group
                        while members != 0 {
                            let index = members.trailingZeroBitCount
                            members &= members &- 1
                            if isHandedOver {
                                self.streams[index].fillBuffer(sortedWithBuffered: UnsafeBufferPointer(full))
                            } else {
                                self.streams[index].insert(contentsOf: piece)
                            }
                        }
                        held = 0
                        start = end
                    }
                }
            }
        }
    }

    /// Resets the head and moves on, once per stream duration that `hotExpiry` is ahead of `headExpiry`.
    private mutating func rotate() {
        guard self.hotExpiry > self.headExpiry else {
            return
        }
        let rotations = (self.hotExpiry - self.headExpiry) / self.streamNanoseconds
        let streamCount = self.streams.count
        let resets = rotations < UInt64(streamCount) ? Int(rotations) : streamCount
        for offset in 0..<resets {
            self.streams[(self.headIndex + offset) % streamCount].reset()
        }
        self.headIndex = (self.headIndex + Int(rotations % UInt64(streamCount))) % streamCount
        self.headExpiry = self.hotExpiry
    }

    /// Whole nanoseconds in `duration`, saturating at `UInt64.max`.
    private static func nanoseconds(of duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : Self.adding(whole, UInt64(attoseconds / 1_000_000_000))
    }

    /// `a + b`, saturating at `UInt64.max` so absurd durations cannot trap.
    private static func adding(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }
}
