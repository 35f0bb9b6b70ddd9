/// CKMS targeted-quantile stream (beorn7/perks semantics): bounded memory, rank error within each objective's error.
///
/// Summaries must report the quantiles statsd_exporter reports for the same input, so this follows beorn7/perks
/// `quantile/stream.go` (`NewTargeted`, the stream behind client_golang's summaries) step for step, including its
/// observable quirks:
/// - Inserts collect in a buffer of 500 values. Until that buffer first fills, a query sorts it and answers exactly:
///   the value at index ⌈`count`·*q*⌉ − 1.
/// - A full buffer is sorted and merged into the compressed sample list, using the targeted invariant
///   min over objectives of 2·*error*·*r*/*q* (ranks at or above *q*·*n*) or 2·*error*·(*n* − *r*)/(1 − *q*) (below).
///   From then on every query merges the buffer first and walks the list.
/// - Arithmetic is done in `Double` in the same order as Go, so merge and compress decisions, and therefore answers,
///   are the same bit for bit (for input without NaN; the tests check this against a line-by-line rendering of the
///   algorithm).
///
/// What it does not do: it does not reject NaN. Go keeps NaN observations too; they make answers meaningless but never
/// trap here. Quantiles that are not objectives get unspecified (but in-range) answers, as in Go.
///
/// Sorting, merging and compressing work in place, so a busy stream in steady state does not allocate; ``reset()``
/// releases the storage of a stream that never filled its buffer, so a series that went quiet shrinks back.
package struct TargetedQuantileStream: Sendable {
    /// One entry of the compressed list: `width` observations summarised by `value`, with rank uncertainty `delta`.
    private struct Sample: Sendable {
        var value: Double
        var width: Double
        var delta: Double
    }

    /// perks' fixed buffer capacity: inserts are merged 500 at a time.
    static let bufferLimit = 500

    private let objectives: [(quantile: Double, error: Double)]
    /// The compressed list, sorted by value. Empty until the buffer is first merged.
    private var samples: [Sample] = []
    /// Inserts not merged yet.
    private var buffer: [Double] = []
    private var isBufferSorted = true
    /// When the buffer is not sorted but is two sorted runs, where the second starts; 0 when unknown.
    private var secondRun = 0
    /// Observations merged into `samples`; a `Double`, as in Go, so the invariant's arithmetic matches.
    private var merged: Double = 0

    /// Creates an empty stream.
    /// - Parameter objectives: The quantiles that must be accurate, each with its allowed rank error (for example
    ///   0.99 with error 0.001). The array is stored as given, so streams built from one array share its storage.
    package init(objectives: [(quantile: Double, error: Double)]) {
        self.objectives = objectives
    }

    /// Observations inserted since creation or the last ``reset()``.
    package var count: Int {
        self.buffer.count + Int(self.merged)
    }

    /// Inserts one observation.
    ///
    /// Allocates only while the buffer or list grows; every 500th insert merges the buffer.
    /// - Complexity: Amortized O(log *b* + *m*/*b*), where *b* is 500 and *m* the compressed list's length.
    package mutating func insert(_ value: Double) {
        self.buffer.append(value)
        self.isBufferSorted = false
        self.secondRun = 0
        if self.buffer.count == Self.bufferLimit {
            self.flush()
        }
    }

    /// Values inserted and not merged yet.
    var bufferedCount: Int { self.buffer.count }

    /// Inserts `run`, values sorted as ``sort(_:)`` sorts that fit the buffer (at most ``bufferLimit`` minus
    /// ``bufferedCount``): the same as calling ``insert(_:)`` for each, since the buffer is sorted before it is
    /// merged, but cheaper. The buffer remembers that it holds sorted runs, and sorting it then merges them.
    ///
    /// A summary window sorts its hot buffer once and inserts it into each of its streams this way, instead of
    /// every stream sorting the same values.
    mutating func insert(sortedRun run: UnsafeBufferPointer<Double>) {
        guard let first = run.first else { return }
        if self.buffer.isEmpty {
            self.isBufferSorted = true
        } else if self.isBufferSorted {
            if Self.precedes(first, self.buffer[self.buffer.count &- 1]) {
                self.isBufferSorted = false
                self.secondRun = self.buffer.count
            }
        } else {
            self.secondRun = 0
        }
        self.buffer.append(contentsOf: run)
        if self.buffer.count >= Self.bufferLimit {
            self.flush()
        }
    }

    /// The value whose rank is within the objective's error of `quantile`.
    ///
    /// Mutates because, as in Go, a stream that has merged before merges its buffer first.
    /// - Parameter quantile: One of the objectives' quantiles, in 0...1.
    /// - Returns: The estimate, or NaN when the stream is empty.
    package mutating func query(_ quantile: Double) -> Double {
        guard !self.samples.isEmpty else {
            return self.exactQuery(quantile)
        }
        self.flush()
        let n = self.merged
        var threshold = (quantile * n).rounded(.up)
        threshold += (self.invariant(n: n, rank: threshold) / 2).rounded(.up)
        var previous = self.samples[0]
        var rank = 0.0
        var index = 1
        while index < self.samples.count {
            let current = self.samples[index]
            rank += previous.width
            if rank + current.width + current.delta > threshold {
                return previous.value
            }
            previous = current
            index &+= 1
        }
        return previous.value
    }

    /// Forgets every observation.
    ///
    /// A stream that merged since the last reset is busy and keeps its storage for the next round; a quiet one
    /// releases it, so a rotated-out stream of an idle series costs nothing.
    package mutating func reset() {
        let isBusy = self.merged > 0
        self.samples.removeAll(keepingCapacity: isBusy)
        self.buffer.removeAll(keepingCapacity: isBusy)
        self.isBufferSorted = true
        self.secondRun = 0
        self.merged = 0
    }

    /// perks' fast path before the first merge: the exact quantile of the buffered values.
    private mutating func exactQuery(_ quantile: Double) -> Double {
        let count = self.buffer.count
        guard count > 0 else {
            return .nan
        }
        self.sortBuffer()
        // Go's index is ⌈count·q⌉ − 1, floored at 0; the clamp only matters for quantiles outside 0...1 or NaN.
        let position = (Double(count) * quantile).rounded(.up)
        let index: Int
        if position >= Double(count) {
            index = count - 1
        } else if position >= 1 {
            index = Int(position) - 1
        } else {
            index = 0
        }
        return self.buffer[index]
    }

    /// Targeted invariant: the largest width a sample at `rank` may summarise while every objective keeps its error.
    private func invariant(n: Double, rank: Double) -> Double {
        var smallest = Double.greatestFiniteMagnitude
        for objective in self.objectives {
            let allowed: Double
            if objective.quantile * n <= rank {
                allowed = (2 * objective.error * rank) / objective.quantile
            } else {
                allowed = (2 * objective.error * (n - rank)) / (1 - objective.quantile)
            }
            if allowed < smallest {
                smallest = allowed
            }
        }
        return smallest
    }

    /// Sorts the buffer ascending, NaN last (Go leaves NaN wherever its sort happens to put it).
    private mutating func sortBuffer() {
        guard !self.isBufferSorted else {
            return
        }
        self.isBufferSorted = true
        if self.secondRun > 0 {
            Self.mergeRuns(&self.buffer, at: self.secondRun)
            self.secondRun = 0
        } else {
            Self.sort(&self.buffer)
        }
    }

    /// Sorts `values`, made of two sorted runs split at `split`, by merging them through a temporary copy of the
    /// first run (on the stack for a buffer of 500).
    private static func mergeRuns(_ values: inout [Double], at split: Int) {
        values.withUnsafeMutableBufferPointer { buffer in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: split) { first in
                _ = first.initialize(from: buffer[0..<split])
                var left = 0
                var right = split
                var write = 0
                let end = buffer.count
                while left < split && right < end {
                    // Ties take the first run, as a stable merge does.
                    if Self.precedes(buffer[right], first[left]) {
                        buffer[write] = buffer[right]
                        right &+= 1
                    } else {
                        buffer[write] = first[left]
                        left &+= 1
                    }
                    write &+= 1
                }
                while left < split {
                    buffer[write] = first[left]
                    left &+= 1
                    write &+= 1
                }
                first.deinitialize()
            }
        }
    }

    /// Sorts `values` ascending, NaN last.
    ///
    /// Heapsort in place, because the standard library's sort allocates scratch space on every call and this runs
    /// once per 500 inserts on the observation path. Its instability is invisible: equal values are interchangeable
    /// (`-0` and `0` included, which render alike).
    /// - Complexity: O(*n* log *n*).
    static func sort(_ values: inout [Double]) {
        values.withUnsafeMutableBufferPointer { Self.sort($0) }
    }

    /// ``sort(_:)`` on memory.
    static func sort(_ buffer: UnsafeMutableBufferPointer<Double>) {
        let count = buffer.count
        var start = count / 2
        while start > 0 {
            start -= 1
            Self.siftDown(buffer, from: start, end: count)
        }
        var end = count
        while end > 1 {
            end -= 1
            buffer.swapAt(0, end)
            Self.siftDown(buffer, from: 0, end: end)
        }
    }

    /// Restores the max-heap property of `buffer[..<end]` below `root`.
    private static func siftDown(_ buffer: UnsafeMutableBufferPointer<Double>, from root: Int, end: Int) {
        var parent = root
        while true {
            var child = 2 &* parent &+ 1
            guard child < end else {
                return
            }
            if child &+ 1 < end && Self.precedes(buffer[child], buffer[child &+ 1]) {
                child &+= 1
            }
            guard Self.precedes(buffer[parent], buffer[child]) else {
                return
            }
            buffer.swapAt(parent, child)
            parent = child
        }
    }

    /// Ascending order with NaN after every number: a strict weak order even when NaN is present.
    private static func precedes(_ a: Double, _ b: Double) -> Bool {
        a < b || (!a.isNaN && b.isNaN)
    }

    /// Merges the buffer into the list and compresses it. An empty buffer changes nothing, because compressing is
    /// idempotent.
    private mutating func flush() {
        guard !self.buffer.isEmpty else {
            return
        }
        self.sortBuffer()
        self.mergeBuffer()
        self.buffer.removeAll(keepingCapacity: true)
        self.compress()
    }

    /// Inserts the sorted buffer into the sorted list, giving each new sample Go's delta.
    ///
    /// Go inserts front to back, one shifting insert per sample. This merges back to front in place, in one pass.
    /// The result is identical: the *k*-th buffered value goes after every listed value not greater than it; its rank
    /// is the width before it plus *k* (`merged − widthAfter + k`, exact because widths are small integers); and it
    /// gets delta ⌊invariant(*n* + *k*, rank)⌋ − 1 (at least 0) unless nothing old follows it, which gets 0.
    /// - Complexity: O(*m* + *b*) for a list of *m* samples and *b* buffered values.
    private mutating func mergeBuffer() {
        let oldCount = self.samples.count
        let batchCount = self.buffer.count
        let mergedBefore = self.merged
        // Exactly what the merge needs: growing by doubling would double the memory of every busy stream.
        if self.samples.capacity < oldCount + batchCount {
            self.samples.reserveCapacity(oldCount + batchCount)
        }
        self.samples.append(contentsOf: repeatElement(Sample(value: 0, width: 0, delta: 0), count: batchCount))
        var write = oldCount + batchCount - 1
        var old = oldCount - 1
        var widthAfter = 0.0
        var k = batchCount - 1
        while k >= 0 {
            let value = self.buffer[k]
            while old >= 0 && self.samples[old].value > value {
                widthAfter += self.samples[old].width
                self.samples[write] = self.samples[old]
                write -= 1
                old -= 1
            }
            var delta = 0.0
            if old + 1 < oldCount {
                let n = mergedBefore + Double(k)
                let rank = (mergedBefore - widthAfter) + Double(k)
                delta = max(0, self.invariant(n: n, rank: rank).rounded(.down) - 1)
            }
            self.samples[write] = Sample(value: value, width: 1, delta: delta)
            write -= 1
            k -= 1
        }
        self.merged = mergedBefore + Double(batchCount)
    }

    /// Folds each sample into its right-hand neighbour while the invariant allows, scanning right to left as Go does.
    ///
    /// Go removes each folded sample with a shifting copy; this keeps survivors at the tail and drops the head once.
    /// - Complexity: O(*m*) for a list of *m* samples.
    private mutating func compress() {
        let last = self.samples.count - 1
        guard last >= 1 else {
            return
        }
        let n = self.merged
        var survivor = self.samples[last]
        var write = last
        var rank = n - 1 - survivor.width
        var index = last - 1
        while index >= 0 {
            let candidate = self.samples[index]
            if candidate.width + survivor.width + survivor.delta <= self.invariant(n: n, rank: rank) {
                survivor.width += candidate.width
            } else {
                self.samples[write] = survivor
                write -= 1
                survivor = candidate
            }
            rank -= candidate.width
            index -= 1
        }
        self.samples[write] = survivor
        if write > 0 {
            self.samples.removeSubrange(0..<write)
        }
    }
}
