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
///   are the same bit for bit (the tests check this against a line-by-line rendering of the algorithm).
///
/// NaN observations are kept, as in Go, and land where Go puts them. Go sorts the buffer with `sort.Sort` comparing
/// by `<`, so a NaN stays wherever that algorithm leaves it, and its merge walks the list while a listed value is not
/// greater than the new one, so a buffered NaN goes to the end of the list, taking every later buffered value with
/// it, and a listed NaN is stepped over. The buffer therefore always holds values in Go's order (insertion order since
/// the last sort), a buffer holding a NaN is sorted with ``GoSort``, and the merge walks as Go does while the buffer
/// holds NaN or the list is out of order since it last did. Without NaN every correct sort gives the same sequence,
/// so an in-place introsort and back-to-front merge serve there. Compressing and querying compare widths and ranks only,
/// never values, so NaN changes nothing in them.
///
/// What it does not do: quantiles that are not objectives get unspecified (but in-range) answers, as in Go.
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
    /// The compressed list, sorted by value unless a NaN was merged (see ``isListOrdered``). Empty until the buffer is
    /// first merged.
    private var samples: [Sample] = []
    /// Inserts not merged yet, in Go's order: as the last sort left them, then in insertion order.
    private var buffer: [Double] = []
    /// Go's `sorted` flag: no insert since the buffer was last sorted.
    private var isBufferSorted = true
    /// Whether the buffer held a NaN when it was last sorted; only meaningful while ``isBufferSorted``.
    private var bufferHoldsNaN = false
    /// Whether the list is ascending without NaN, as it is until a NaN is merged. Go's walk puts a buffered NaN and
    /// every buffered value after it at the end, so the list may stay out of order after compressing folds the NaN
    /// away; this is cleared by such a merge and set again once compressing leaves the list in order.
    private var isListOrdered = true
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
        if self.buffer.count == Self.bufferLimit {
            self.flush()
        }
    }

    /// Values inserted and not merged yet.
    var bufferedCount: Int { self.buffer.count }

    /// Calls `body` with the values inserted and not merged yet, in Go's order.
    func withBufferedValues<Result>(_ body: (UnsafeBufferPointer<Double>) throws -> Result) rethrows -> Result {
        try self.buffer.withUnsafeBufferPointer(body)
    }

    /// Inserts `values` in order: the same as calling ``insert(_:)`` for each, but copying them in bulk.
    /// - Complexity: O(*k*) for *k* values, plus a merge for every 500th buffered value.
    mutating func insert(contentsOf values: UnsafeBufferPointer<Double>) {
        var start = 0
        while start < values.count {
            let end = min(values.count, start &+ Self.bufferLimit &- self.buffer.count)
            self.buffer.append(contentsOf: UnsafeBufferPointer(rebasing: values[start..<end]))
            self.isBufferSorted = false
            if self.buffer.count == Self.bufferLimit {
                self.flush()
            }
            start = end
        }
    }

    /// Inserts the values that fill the buffer, handed over already sorted together with the buffered ones, and
    /// merges them.
    ///
    /// The same as inserting the new values with ``insert(contentsOf:)`` when no value is NaN, because the buffer is
    /// sorted before it is merged and without NaN every correct sort gives the same sequence. A summary window sorts
    /// each 500 values once this way for all the streams holding the same buffered values, instead of every stream
    /// sorting them.
    /// - Parameter sorted: ``bufferLimit`` values, none NaN: the buffered ones and those that fill the buffer,
    ///   sorted ascending.
    mutating func fillBuffer(sortedWithBuffered sorted: UnsafeBufferPointer<Double>) {
        precondition(sorted.count == Self.bufferLimit, "a full buffer is \(Self.bufferLimit) values")
        self.buffer.removeAll(keepingCapacity: true)
        self.buffer.append(contentsOf: sorted)
        self.isBufferSorted = true
        self.bufferHoldsNaN = false
        self.flush()
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
        threshold += (Self.invariant(self.objectives, n: n, rank: threshold) / 2).rounded(.up)
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
        self.bufferHoldsNaN = false
        self.isListOrdered = true
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
    ///
    /// Static, taking only the objectives, so that a loop writing to the list while calling it keeps the list's
    /// uniqueness check out of the loop: given all of `self`, the compiler checks it again after every call.
    private static func invariant(
        _ objectives: [(quantile: Double, error: Double)],
        n: Double,
        rank: Double
    ) -> Double {
        var smallest = Double.greatestFiniteMagnitude
        for objective in objectives {
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

    /// Sorts the buffer as Go's `maybeSort` does, only if something was inserted since the last sort, into the order
    /// Go's `sort.Sort` leaves it in: ascending without NaN, ``GoSort``'s order with.
    private mutating func sortBuffer() {
        guard !self.isBufferSorted else {
            return
        }
        self.isBufferSorted = true
        let holdsNaN = self.buffer.withUnsafeBufferPointer { Self.containsNaN($0) }
        self.bufferHoldsNaN = holdsNaN
        self.buffer.withUnsafeMutableBufferPointer { holdsNaN ? GoSort.sort($0) : Self.sortAscending($0) }
    }

    /// Whether any of `values` is NaN.
    static func containsNaN(_ values: UnsafeBufferPointer<Double>) -> Bool {
        for value in values where value.isNaN {
            return true
        }
        return false
    }

    /// Sorts `buffer`, which holds no NaN, ascending.
    ///
    /// In place, because the standard library's sort allocates scratch space on every call and this runs once per
    /// 500 inserts on the observation path: an introsort (median-of-three quicksort, insertion sort below 16 values,
    /// heapsort past a depth of 2 log n), a third faster than the plain heapsort it replaced on 500 values. Its
    /// instability is invisible: equal values are interchangeable (`-0` and `0` included, which render alike).
    /// - Complexity: O(*n* log *n*).
    static func sortAscending(_ buffer: UnsafeMutableBufferPointer<Double>) {
        var depthLimit = 0
        var count = buffer.count
        while count > 1 {
            depthLimit &+= 2
            count >>= 1
        }
        Self.introSort(buffer, 0, buffer.count, depthLimit: depthLimit)
    }

    private static func introSort(
        _ buffer: UnsafeMutableBufferPointer<Double>,
        _ low: Int,
        _ high: Int,
        depthLimit: Int
    ) {
        var low = low
        var high = high
        var depthLimit = depthLimit
        while high &- low > 16 {
            guard depthLimit > 0 else {
                Self.heapSort(UnsafeMutableBufferPointer(rebasing: buffer[low..<high]))
                return
            }
            depthLimit &-= 1
            let pivot = Self.partition(buffer, low, high)
            // Recurse into the smaller side, loop on the larger: the stack stays O(log n) deep.
            if pivot &- low < high &- pivot {
                Self.introSort(buffer, low, pivot, depthLimit: depthLimit)
                low = pivot &+ 1
            } else {
                Self.introSort(buffer, pivot &+ 1, high, depthLimit: depthLimit)
                high = pivot
            }
        }
        Self.insertionSort(buffer, low, high)
    }

    /// Hoare-style partition of `buffer[low..<high]` around the median of its first, middle and last values.
    /// - Returns: the pivot's final position; everything before it is `<=`, everything after `>=`.
    private static func partition(_ buffer: UnsafeMutableBufferPointer<Double>, _ low: Int, _ high: Int) -> Int {
        let middle = low &+ (high &- low) / 2
        let last = high &- 1
        if buffer[middle] < buffer[low] { buffer.swapAt(middle, low) }
        if buffer[last] < buffer[low] { buffer.swapAt(last, low) }
        if buffer[last] < buffer[middle] { buffer.swapAt(last, middle) }
        // The median now sits at `middle`; park it before the last value, which is already >= it.
        buffer.swapAt(middle, last &- 1)
        let pivot = buffer[last &- 1]
        var left = low
        var right = last &- 1
        while true {
            repeat { left &+= 1 } while buffer[left] < pivot
            repeat { right &-= 1 } while pivot < buffer[right]
            guard left < right else { break }
            buffer.swapAt(left, right)
        }
        buffer.swapAt(left, last &- 1)
        return left
    }

    private static func insertionSort(_ buffer: UnsafeMutableBufferPointer<Double>, _ low: Int, _ high: Int) {
        var index = low &+ 1
        while index < high {
            let value = buffer[index]
            var position = index
            while position > low, value < buffer[position &- 1] {
                buffer[position] = buffer[position &- 1]
                position &-= 1
            }
            buffer[position] = value
            index &+= 1
        }
    }

    /// Heapsort in place: the introsort's fallback when partitions keep coming out lopsided.
    private static func heapSort(_ buffer: UnsafeMutableBufferPointer<Double>) {
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
            if child &+ 1 < end && buffer[child] < buffer[child &+ 1] {
                child &+= 1
            }
            guard buffer[parent] < buffer[child] else {
                return
            }
            buffer.swapAt(parent, child)
            parent = child
        }
    }

    /// Merges the buffer into the list and compresses it. An empty buffer changes nothing, because compressing is
    /// idempotent.
    private mutating func flush() {
        guard !self.buffer.isEmpty else {
            return
        }
        self.sortBuffer()
        if self.bufferHoldsNaN || !self.isListOrdered {
            self.mergeBufferWalkingForward()
        } else {
            self.mergeBuffer()
        }
        self.buffer.removeAll(keepingCapacity: true)
        self.compress()
        if !self.isListOrdered {
            self.isListOrdered = self.isListAscending()
        }
    }

    /// Whether every listed value is a number not less than the one before.
    private func isListAscending() -> Bool {
        var previous = -Double.infinity
        for sample in self.samples {
            guard sample.value >= previous else {
                return false
            }
            previous = sample.value
        }
        return true
    }

    /// Inserts the sorted buffer into the sorted list, giving each new sample Go's delta. Only for a buffer and a
    /// list that are ascending without NaN; ``mergeBufferWalkingForward()`` handles the rest.
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
                delta = max(0, Self.invariant(self.objectives, n: n, rank: rank).rounded(.down) - 1)
            }
            self.samples[write] = Sample(value: value, width: 1, delta: delta)
            write -= 1
            k -= 1
        }
        self.merged = mergedBefore + Double(batchCount)
    }

    /// Inserts the buffer into the list walking front to back as Go does, for a buffer holding NaN or a list out of
    /// order since one did.
    ///
    /// Go keeps one position in the list for the whole buffer: each buffered value steps past every listed value that
    /// is not greater than it, then goes before the first that is, or at the end. Every comparison with NaN is false,
    /// so a listed NaN is stepped over and a buffered NaN walks to the end, where every later buffered value follows
    /// it. The delta rule is ``mergeBuffer()``'s, with the rank counted as Go counts it on the way.
    /// - Complexity: O(*m* + *b*) for a list of *m* samples and *b* buffered values; allocates the new list.
    private mutating func mergeBufferWalkingForward() {
        let old = self.samples
        let mergedBefore = self.merged
        var samples: [Sample] = []
        samples.reserveCapacity(old.count + self.buffer.count)
        var next = 0
        var rank = 0.0
        for (k, value) in self.buffer.enumerated() {
            while next < old.count && !(old[next].value > value) {
                rank += old[next].width
                samples.append(old[next])
                next += 1
            }
            var delta = 0.0
            if next < old.count {
                delta = max(
                    0,
                    Self.invariant(self.objectives, n: mergedBefore + Double(k), rank: rank).rounded(.down) - 1
                )
            }
            samples.append(Sample(value: value, width: 1, delta: delta))
            rank += 1
        }
        samples.append(contentsOf: old[next...])
        self.samples = samples
        self.merged = mergedBefore + Double(self.buffer.count)
        self.isListOrdered = false
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
            if candidate.width + survivor.width + survivor.delta <= Self.invariant(self.objectives, n: n, rank: rank) {
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
