/// A native histogram's sparse buckets: observations counted by exponential bucket index, as client_golang keeps
/// them, with its rule for too many buckets (halve the resolution: merge neighbours pairwise) applied after every
/// observation that leaves more buckets than the limit.
///
/// Keys and counts sit in sorted parallel arrays: a series has tens of populated buckets, so a binary search costs
/// less than hashing, and 20 buckets take 240 bytes plus the arrays' headers.
struct NativeBuckets: Sendable {
    private(set) var schema: Int8
    var zeroCount: UInt64 = 0
    var positive = SparseBuckets()
    var negative = SparseBuckets()
    /// The schema's boundaries within one power of two (empty for schemas of 0 and below), kept here so an
    /// observation does not look them up.
    private var bounds: [Double]

    init(schema: Int8) {
        self.schema = schema
        self.bounds = Self.bounds(of: schema)
    }

    private static func bounds(of schema: Int8) -> [Double] {
        schema > 0 ? NativeHistogramBounds.bySchema[Int(schema)] : []
    }

    /// Counts `value` `times` times. NaN is left out (client_golang counts it only in count and sum). After each
    /// observation, more than `maxBuckets` populated buckets halve the resolution once, as client_golang checks its
    /// limit after every observation: a halving that leaves too many buckets is followed by another at the next one.
    mutating func observe(_ value: Double, times: UInt64, maxBuckets: UInt32) {
        guard !value.isNaN, times > 0 else { return }
        var remaining = times
        while remaining > 0 {
            self.add(value, times: 1)
            remaining -= 1
            guard maxBuckets > 0, self.bucketCount > Int(maxBuckets),
                self.schema > NativeHistogramSettings.schemaRange.lowerBound
            else {
                // Nothing left to change: the bucket exists now and the limit holds (or cannot be helped), so the
                // remaining observations all land in it.
                if remaining > 0 { self.add(value, times: remaining) }
                return
            }
            self.halveResolution()
        }
    }

    /// Populated buckets, positive and negative; the zero bucket is not counted.
    var bucketCount: Int { self.positive.keys.count + self.negative.keys.count }

    /// Adds to the bucket `value` falls in.
    @inline(__always)
    private mutating func add(_ value: Double, times: UInt64) {
        if value > NativeHistogramSettings.zeroThreshold {
            self.positive.add(Self.key(of: value, schema: self.schema, bounds: self.bounds), times)
        } else if value < -NativeHistogramSettings.zeroThreshold {
            self.negative.add(Self.key(of: value, schema: self.schema, bounds: self.bounds), times)
        } else {
            self.zeroCount &+= times
        }
    }

    /// One step coarser, as client_golang's `doubleBucketWidth`.
    private mutating func halveResolution() {
        self.schema -= 1
        self.bounds = Self.bounds(of: self.schema)
        self.positive.mergePairs()
        self.negative.mergePairs()
    }

    /// The index of the bucket holding |`value`| at `schema`: bucket *i* holds (base^(i-1), base^i] with
    /// base = 2^(2^-schema). Infinity goes one past the largest finite value's bucket. `value` must be neither zero
    /// nor NaN (the zero bucket and no bucket hold those).
    static func key(of value: Double, schema: Int8) -> Int32 {
        Self.key(of: value, schema: schema, bounds: Self.bounds(of: schema))
    }

    @inline(__always)
    private static func key(of value: Double, schema: Int8, bounds: [Double]) -> Int32 {
        var magnitude = value.magnitude
        let isInfinite = magnitude.isInfinite
        if isInfinite { magnitude = .greatestFiniteMagnitude }
        // frexp: magnitude = fraction × 2^exponent, fraction in [0.5, 1).
        let fraction = magnitude.significand / 2
        let exponent = Int(magnitude.exponent) + 1
        var key: Int
        if schema > 0 {
            let within = bounds.withUnsafeBufferPointer { lowerBound(of: fraction, in: $0) }
            key = within + (exponent - 1) * bounds.count
        } else {
            key = exponent
            if fraction == 0.5 { key -= 1 }
            let shift = Int(-schema)
            key = (key + (1 << shift) - 1) >> shift
        }
        if isInfinite { key += 1 }
        return Int32(truncatingIfNeeded: key)
    }
}

/// Counts by bucket index, sorted by index.
struct SparseBuckets: Sendable {
    var keys: [Int32] = []
    var counts: [UInt64] = []

    /// Adds `times` to bucket `key`, making it if it is new.
    @inline(__always)
    mutating func add(_ key: Int32, _ times: UInt64) {
        let (position, found) = self.keys.withUnsafeBufferPointer { keys in
            let position = lowerBound(of: key, in: keys)
            return (position, position < keys.count && keys[position] == key)
        }
        if found {
            self.counts[position] &+= times
            return
        }
        if self.keys.count == self.keys.capacity {
            // Grow by a quarter, not double: a histogram's buckets settle at a few dozen, and the doubled capacity
            // would be memory paid per series for buckets that never come.
            let capacity = self.keys.count + max(4, self.keys.count / 4)
            self.keys.reserveCapacity(capacity)
            self.counts.reserveCapacity(capacity)
        }
        self.keys.insert(key, at: position)
        self.counts.insert(times, at: position)
    }

    /// Merges bucket *i* into bucket ⌈*i*/2⌉, the bucket that holds it one schema coarser.
    mutating func mergePairs() {
        var write = -1
        for read in self.keys.indices {
            let key = self.keys[read]
            let merged = key > 0 ? (key + 1) / 2 : key / 2
            if write >= 0, self.keys[write] == merged {
                self.counts[write] &+= self.counts[read]
            } else {
                write += 1
                self.keys[write] = merged
                self.counts[write] = self.counts[read]
            }
        }
        self.keys.removeLast(self.keys.count - (write + 1))
        self.counts.removeLast(self.counts.count - (write + 1))
    }
}

/// The first position in sorted `elements` whose element is not less than `value` (`elements.count` when there is
/// none): Go's `sort.Search` as client_golang uses it. Branch-free, because bucket keys arrive in no order a branch
/// predictor could learn, and a mispredicted step costs more than the comparison.
@inline(__always)
func lowerBound<Element: Comparable>(of value: Element, in elements: UnsafeBufferPointer<Element>) -> Int {
    var base = 0
    var count = elements.count
    guard count > 0 else { return 0 }
    while count > 1 {
        let half = count &>> 1
        // A mask rather than a conditional, which the compiler turns back into a branch.
        base &+= half & (0 &- Int(unsafeBitCast(elements[base &+ half] < value, to: UInt8.self)))
        count &-= half
    }
    return base &+ Int(unsafeBitCast(elements[base] < value, to: UInt8.self))
}
