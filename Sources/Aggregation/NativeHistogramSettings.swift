#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The native (exponential) buckets a histogram family keeps beside its classic ones, as client_golang derives them
/// from `NativeHistogramBucketFactor` and `NativeHistogramMaxBucketNumber`.
package struct NativeHistogramSettings: Sendable, Hashable {
    /// Resolution: bucket boundaries are the powers of 2^(2^-schema). -4 is the coarsest, 8 the finest.
    package var schema: Int8
    /// Most populated buckets (positive and negative together) before the resolution is halved; 0 is no limit.
    package var maxBuckets: UInt32

    /// The boundary below which an observation counts as zero: 2^-128, client_golang's default, a boundary at
    /// every schema.
    package static let zeroThreshold = 0x1p-128

    /// Coarsest and finest schema a native histogram may have.
    package static let schemaRange: ClosedRange<Int8> = -4...8

    /// The settings a bucket factor asks for: the largest resolution whose growth factor does not exceed it
    /// (client_golang's `pickSchema`); `nil` for a factor of at most 1, which means no native histogram.
    package init?(bucketFactor: Double, maxBuckets: Int) {
        guard bucketFactor > 1 else { return nil }
        let floor = Self.log2(Self.log2(bucketFactor)).rounded(.down)
        if floor <= -8 {
            self.schema = Self.schemaRange.upperBound
        } else if floor >= 4 {
            self.schema = Self.schemaRange.lowerBound
        } else {
            self.schema = Int8(-floor)
        }
        self.maxBuckets = UInt32(clamping: max(0, maxBuckets))
    }

    package init(schema: Int8, maxBuckets: UInt32) {
        self.schema = schema
        self.maxBuckets = maxBuckets
    }

    /// `math.Log2` as Go computes it: exact for powers of two, otherwise ln of the fraction over ln 2 plus the
    /// exponent, so a factor on a schema's edge picks the schema the reference picks.
    private static func log2(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return value > 0 ? .infinity : (value == 0 ? -.infinity : .nan) }
        // frexp: value = fraction × 2^exponent with fraction in [0.5, 1).
        let fraction = value.significand / 2
        let exponent = Double(value.exponent + 1)
        if fraction == 0.5 { return exponent - 1 }
        return log(fraction) * (1 / 0.693147180559945309417232121458176568) + exponent
    }
}
