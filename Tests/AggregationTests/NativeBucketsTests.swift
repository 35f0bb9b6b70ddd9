import Testing

@testable import Aggregation

struct NativeBucketsTests {
    /// The boundaries are client_golang's published ones, which are not the correctly rounded powers of two:
    /// schema 1's second entry is 0.7071067811865475, one ulp below √½ rounded.
    @Test func boundsAreClientGolangs() {
        let bounds = NativeHistogramBounds.bySchema
        #expect(bounds.map(\.count) == [1, 2, 4, 8, 16, 32, 64, 128, 256])
        #expect(bounds[1] == [0.5, 0.7071067811865475])
        #expect(
            bounds[3] == [
                0.5, 0.5452538663326288, 0.5946035575013605, 0.6484197773255048,
                0.7071067811865475, 0.7711054127039704, 0.8408964152537144, 0.9170040432046711,
            ]
        )
        #expect(bounds[4][9] == 0.7384130729697496)
        #expect(bounds[4][11] == 0.805245165974627)
        #expect(
            Array(bounds[8].suffix(4)) == [
                0.9892280131939752, 0.9919100824251095, 0.9945994234836328, 0.9972960560854698,
            ]
        )
    }

    @Test(arguments: [
        (1.1, Int8(3)), (1.05, 4), (1.5, 1), (2, 0), (4, -1), (16, -2), (1.0001, 8), (1e10, -4), (1.0905, 4),
        (1.0906, 3),
    ])
    func schemaFromFactor(factor: Double, schema: Int8) {
        #expect(NativeHistogramSettings(bucketFactor: factor, maxBuckets: 0)?.schema == schema)
    }

    @Test func factorOfAtMostOneMeansNoNativeHistogram() {
        #expect(NativeHistogramSettings(bucketFactor: 1, maxBuckets: 256) == nil)
        #expect(NativeHistogramSettings(bucketFactor: 0, maxBuckets: 256) == nil)
        #expect(NativeHistogramSettings(bucketFactor: 0.5, maxBuckets: 256) == nil)
    }

    /// Bucket *i* holds (2^((i-1)/2^s), 2^(i/2^s)]: a power of two is the upper bound of its bucket.
    @Test(arguments: [
        (1.0, Int8(3), Int32(0)), (2, 3, 8), (0.5, 3, -8), (1.0905, 3, 1), (1.0906, 3, 2), (1, 0, 0), (3, 0, 2),
        (4, 0, 2), (3, -1, 1), (5, -1, 2), (0.001, 3, -79), (.infinity, 3, 8193), (.greatestFiniteMagnitude, 3, 8192),
        (-3, 0, 2),
    ])
    func keys(value: Double, schema: Int8, key: Int32) {
        #expect(NativeBuckets.key(of: value, schema: schema) == key)
    }

    @Test func zeroBucketNegativesAndNaN() {
        var buckets = NativeBuckets(schema: 3)
        for value in [0, 1e-40, -1e-40, -3, 0.001, .nan] {
            buckets.observe(value, times: 1, maxBuckets: 0)
        }
        #expect(buckets.zeroCount == 3)
        #expect(buckets.negative.keys == [13])
        #expect(buckets.positive.keys == [-79])
        #expect(buckets.positive.counts == [1])
    }

    /// A repeated observation (a sample rate) counts once per repeat in one bucket.
    @Test func repeatsLandInOneBucket() {
        var buckets = NativeBuckets(schema: 3)
        buckets.observe(1, times: 10, maxBuckets: 256)
        #expect(buckets.positive.keys == [0])
        #expect(buckets.positive.counts == [10])
    }

    /// Over the limit, the resolution halves once per observation, as client_golang checks its limit after each:
    /// buckets merge into ⌈i/2⌉, and a halving that leaves too many buckets is followed by another at the next
    /// observation, even one into an existing bucket.
    @Test func limitHalvesResolutionOncePerObservation() {
        var buckets = NativeBuckets(schema: 3)
        for value in [1.0, 2, 4] {
            buckets.observe(value, times: 1, maxBuckets: 2)
        }
        #expect(buckets.schema == 2)
        #expect(buckets.positive.keys == [0, 4, 8])
        buckets.observe(4, times: 1, maxBuckets: 2)
        #expect(buckets.schema == 1)
        #expect(buckets.positive.keys == [0, 2, 4])
        #expect(buckets.positive.counts == [1, 1, 2])
        // Three repeats: the first makes a bucket and halves, the second halves again, the third fits.
        buckets.observe(0.3, times: 3, maxBuckets: 2)
        #expect(buckets.schema == -1)
        #expect(buckets.positive.keys == [0, 1])
        #expect(buckets.positive.counts == [4, 3])
    }

    @Test func coarsestSchemaStopsHalving() {
        var buckets = NativeBuckets(schema: -4)
        for value in [1.0, 1e10, 1e-10, 1e100] {
            buckets.observe(value, times: 2, maxBuckets: 1)
        }
        #expect(buckets.schema == -4)
        #expect(buckets.positive.counts.reduce(0, +) == 8)
        #expect(buckets.bucketCount == 4)
    }

    @Test func mergingKeepsOrderAndJoinsPairs() {
        var buckets = SparseBuckets(keys: [-5, -4, -3, -1, 0, 1, 2, 3, 7], counts: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        buckets.mergePairs()
        #expect(buckets.keys == [-2, -1, 0, 1, 2, 4])
        #expect(buckets.counts == [3, 3, 9, 13, 8, 9])
    }
}
