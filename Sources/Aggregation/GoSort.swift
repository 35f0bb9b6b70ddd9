/// Go's `sort.Sort` over `Double`s compared with `<`, step for step, so values land where Go leaves them even when
/// NaN makes the order meaningless.
///
/// beorn7/perks sorts a stream's buffer with `sort.Sort` and a `Less` of `a[i] < a[j]`. Every comparison with NaN is
/// false, so that is not a strict weak order once NaN is present, and where NaN and the numbers around it end up is
/// whatever the algorithm's exact sequence of comparisons and swaps makes of the input order. Matching
/// statsd_exporter's quantiles for NaN observations therefore takes Go's algorithm itself, not just a correct sort.
/// For input without NaN every correct sort gives the same sequence, so ``TargetedQuantileStream`` uses this only
/// when a NaN is present.
///
/// Matches Go 1.22 `src/sort/sort.go` and `zsortinterface.go`: `Sort` is `pdqsort(data, 0, n, bits.Len(n))`, a
/// pattern-defeating quicksort that
/// - insertion-sorts ranges of at most 12 values;
/// - after an unbalanced partition swaps three values in the middle with positions drawn from a 64-bit xorshift
///   (shifts 13, 7, 17) seeded with the range's length, and heapsorts a range once that has happened `limit` times;
/// - picks the pivot at ¼, ½ and ¾ of the range (medians of adjacent triples from 50 values on, plain from 8), and
///   reverses the range when all 12 of those comparisons swapped;
/// - tries a bounded insertion sort when the range looks sorted (whose leftward shift, as in Go, runs down to index
///   1 rather than the range start);
/// - partitions around values equal to the pivot when the value before the range is not less than the pivot.
///
/// Go 1.19's xorshift used shifts 13, 17, 5 instead; this follows 1.22 and later, the Go that current
/// statsd_exporter releases are built with.
///
/// It works in place and does not allocate. It is not used without NaN, where the stream's own introsort gives the
/// same sequence faster.
enum GoSort {
    /// Go's hint from choosing a pivot: whether the sampled values looked ascending or descending.
    private enum Hint {
        case unknown
        case increasing
        case decreasing
    }

    /// Rearranges `data` exactly as Go's `sort.Sort` does with `Less(i, j) = data[i] < data[j]`.
    /// - Complexity: O(*n* log *n*) comparisons and swaps.
    static func sort(_ data: UnsafeMutableBufferPointer<Double>) {
        let count = data.count
        guard count > 1 else {
            return
        }
        Self.pdqsort(data, from: 0, to: count, limit: Self.bitLength(count))
    }

    /// Go's `bits.Len`: the number of bits needed to write `value`.
    private static func bitLength(_ value: Int) -> Int {
        Int.bitWidth - value.leadingZeroBitCount
    }

    /// Go's `pdqsort` on `data[start..<end]`: recurses into the shorter side of a partition, loops on the longer.
    private static func pdqsort(_ data: UnsafeMutableBufferPointer<Double>, from start: Int, to end: Int, limit: Int) {
        var a = start
        var b = end
        var limit = limit
        var wasBalanced = true
        var wasPartitioned = true
        while true {
            let length = b - a
            if length <= 12 {
                Self.insertionSort(data, from: a, to: b)
                return
            }
            if limit == 0 {
                Self.heapSort(data, from: a, to: b)
                return
            }
            if !wasBalanced {
                Self.breakPatterns(data, from: a, to: b)
                limit -= 1
            }
            var (pivot, hint) = Self.choosePivot(data, from: a, to: b)
            if hint == .decreasing {
                Self.reverse(data, from: a, to: b)
                pivot = (b - 1) - (pivot - a)
                hint = .increasing
            }
            if wasBalanced && wasPartitioned && hint == .increasing && Self.partialInsertionSort(data, from: a, to: b) {
                return
            }
            // Go compares with the value before the range (a > 0 is the whole buffer's start, not the range's).
            if a > 0 && !(data[a - 1] < data[pivot]) {
                a = Self.partitionEqual(data, from: a, to: b, pivot: pivot)
                continue
            }
            let (middle, alreadyPartitioned) = Self.partition(data, from: a, to: b, pivot: pivot)
            wasPartitioned = alreadyPartitioned
            let leftLength = middle - a
            let rightLength = b - middle
            let balanceThreshold = length / 8
            if leftLength < rightLength {
                wasBalanced = leftLength >= balanceThreshold
                Self.pdqsort(data, from: a, to: middle, limit: limit)
                a = middle + 1
            } else {
                wasBalanced = rightLength >= balanceThreshold
                Self.pdqsort(data, from: middle + 1, to: b, limit: limit)
                b = middle
            }
        }
    }

    private static func insertionSort(_ data: UnsafeMutableBufferPointer<Double>, from a: Int, to b: Int) {
        var i = a + 1
        while i < b {
            var j = i
            while j > a && data[j] < data[j - 1] {
                data.swapAt(j, j - 1)
                j -= 1
            }
            i += 1
        }
    }

    /// Go's `siftDown` on the heap `data[first + lo ..< first + hi]`.
    private static func siftDown(_ data: UnsafeMutableBufferPointer<Double>, lo: Int, hi: Int, first: Int) {
        var root = lo
        while true {
            var child = 2 * root + 1
            if child >= hi {
                return
            }
            if child + 1 < hi && data[first + child] < data[first + child + 1] {
                child += 1
            }
            if !(data[first + root] < data[first + child]) {
                return
            }
            data.swapAt(first + root, first + child)
            root = child
        }
    }

    private static func heapSort(_ data: UnsafeMutableBufferPointer<Double>, from a: Int, to b: Int) {
        let hi = b - a
        var i = (hi - 1) / 2
        while i >= 0 {
            Self.siftDown(data, lo: i, hi: hi, first: a)
            i -= 1
        }
        i = hi - 1
        while i >= 0 {
            data.swapAt(a, a + i)
            Self.siftDown(data, lo: 0, hi: i, first: a)
            i -= 1
        }
    }

    /// Go's `partition`: values less than the pivot before the returned index, the pivot at it, the rest after; and
    /// whether nothing had to be swapped.
    private static func partition(
        _ data: UnsafeMutableBufferPointer<Double>,
        from a: Int,
        to b: Int,
        pivot: Int
    ) -> (middle: Int, alreadyPartitioned: Bool) {
        data.swapAt(a, pivot)
        var i = a + 1
        var j = b - 1
        while i <= j && data[i] < data[a] {
            i += 1
        }
        while i <= j && !(data[j] < data[a]) {
            j -= 1
        }
        if i > j {
            data.swapAt(j, a)
            return (j, true)
        }
        data.swapAt(i, j)
        i += 1
        j -= 1
        while true {
            while i <= j && data[i] < data[a] {
                i += 1
            }
            while i <= j && !(data[j] < data[a]) {
                j -= 1
            }
            if i > j {
                break
            }
            data.swapAt(i, j)
            i += 1
            j -= 1
        }
        data.swapAt(j, a)
        return (j, false)
    }

    /// Go's `partitionEqual`: values not greater than the pivot first; returns where the greater ones start.
    private static func partitionEqual(
        _ data: UnsafeMutableBufferPointer<Double>,
        from a: Int,
        to b: Int,
        pivot: Int
    ) -> Int {
        data.swapAt(a, pivot)
        var i = a + 1
        var j = b - 1
        while true {
            while i <= j && !(data[a] < data[i]) {
                i += 1
            }
            while i <= j && data[a] < data[j] {
                j -= 1
            }
            if i > j {
                break
            }
            data.swapAt(i, j)
            i += 1
            j -= 1
        }
        return i
    }

    /// Go's `partialInsertionSort`: fixes at most 5 adjacent inversions (none in ranges under 50 values) and says
    /// whether the range ended up in order.
    private static func partialInsertionSort(_ data: UnsafeMutableBufferPointer<Double>, from a: Int, to b: Int) -> Bool
    {
        var i = a + 1
        for _ in 0..<5 {
            while i < b && !(data[i] < data[i - 1]) {
                i += 1
            }
            if i == b {
                return true
            }
            if b - a < 50 {
                return false
            }
            data.swapAt(i, i - 1)
            if i - a >= 2 {
                // Down to index 1 of the whole buffer, as in Go, not to the range's start.
                var j = i - 1
                while j >= 1 {
                    if !(data[j] < data[j - 1]) {
                        break
                    }
                    data.swapAt(j, j - 1)
                    j -= 1
                }
            }
            if b - i >= 2 {
                var j = i + 1
                while j < b {
                    if !(data[j] < data[j - 1]) {
                        break
                    }
                    data.swapAt(j, j - 1)
                    j += 1
                }
            }
        }
        return false
    }

    /// Go's `breakPatterns`: swaps the three values around the middle with pseudo-random positions of the range.
    private static func breakPatterns(_ data: UnsafeMutableBufferPointer<Double>, from a: Int, to b: Int) {
        let length = b - a
        guard length >= 8 else {
            return
        }
        var random = UInt64(length)
        let mask = (UInt64(1) << UInt64(Self.bitLength(length))) - 1
        var index = a + (length / 4) * 2 - 1
        while index <= a + (length / 4) * 2 + 1 {
            random ^= random << 13
            random ^= random >> 7
            random ^= random << 17
            var other = Int(random & mask)
            if other >= length {
                other -= length
            }
            data.swapAt(index, a + other)
            index += 1
        }
    }

    /// Go's `choosePivot`: the median of the values at ¼, ½ and ¾ (each first replaced by the median of it and its
    /// neighbours from 50 values on), with a hint from how many of the comparisons swapped.
    private static func choosePivot(
        _ data: UnsafeMutableBufferPointer<Double>,
        from a: Int,
        to b: Int
    ) -> (pivot: Int, hint: Hint) {
        let length = b - a
        var swaps = 0
        var i = a + length / 4 * 1
        var j = a + length / 4 * 2
        var k = a + length / 4 * 3
        if length >= 8 {
            if length >= 50 {
                i = Self.median(data, i - 1, i, i + 1, swaps: &swaps)
                j = Self.median(data, j - 1, j, j + 1, swaps: &swaps)
                k = Self.median(data, k - 1, k, k + 1, swaps: &swaps)
            }
            j = Self.median(data, i, j, k, swaps: &swaps)
        }
        switch swaps {
        case 0:
            return (j, .increasing)
        case 12:
            return (j, .decreasing)
        default:
            return (j, .unknown)
        }
    }

    /// Go's `order2`: the two indices with the smaller value first, counting a swap when they had to be exchanged.
    private static func order(
        _ data: UnsafeMutableBufferPointer<Double>,
        _ a: Int,
        _ b: Int,
        swaps: inout Int
    ) -> (Int, Int) {
        if data[b] < data[a] {
            swaps += 1
            return (b, a)
        }
        return (a, b)
    }

    /// Go's `median`: the index of the middle one of three values, by three ``order(_:_:_:swaps:)`` steps.
    private static func median(
        _ data: UnsafeMutableBufferPointer<Double>,
        _ a: Int,
        _ b: Int,
        _ c: Int,
        swaps: inout Int
    ) -> Int {
        let (low, middle) = Self.order(data, a, b, swaps: &swaps)
        let (lowerOfRest, _) = Self.order(data, middle, c, swaps: &swaps)
        return Self.order(data, low, lowerOfRest, swaps: &swaps).1
    }

    private static func reverse(_ data: UnsafeMutableBufferPointer<Double>, from a: Int, to b: Int) {
        var i = a
        var j = b - 1
        while i < j {
            data.swapAt(i, j)
            i += 1
            j -= 1
        }
    }
}
