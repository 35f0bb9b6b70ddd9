import Testing

@testable import StatsDProtocol

/// One row of a parser table: an escaped datagram and everything the parser must report for it.
struct LineCase: Sendable, CustomTestStringConvertible {
    /// The datagram, escaped as in the conformance inputs (see ``StatsDText/unescape(_:)``).
    var input: String
    var dialects = TagDialects()
    /// The accepted samples, in order.
    var samples: [ExpectedSample]
    /// Sample errors by reason; reasons not listed must be zero.
    var errors: [LineError: UInt64] = [:]
    var tagErrors: UInt64 = 0
    var lines: UInt64 = 1
    /// `statsd_exporter_samples_total`; defaults to the number of accepted samples.
    var sampleCount: UInt64?
    /// `statsd_exporter_tags_total`; defaults to the number of accepted samples with tags.
    var taggedSamples: UInt64?

    init(
        _ input: String,
        dialects: TagDialects = TagDialects(),
        _ samples: [ExpectedSample] = [],
        errors: [LineError: UInt64] = [:],
        tagErrors: UInt64 = 0,
        lines: UInt64 = 1,
        sampleCount: UInt64? = nil,
        taggedSamples: UInt64? = nil
    ) {
        self.input = input
        self.dialects = dialects
        self.samples = samples
        self.errors = errors
        self.tagErrors = tagErrors
        self.lines = lines
        self.sampleCount = sampleCount
        self.taggedSamples = taggedSamples
    }

    var testDescription: String { self.input }

    /// The stats the parser must end with.
    var expectedStats: ParseStats {
        var stats = ParseStats()
        stats.lines = self.lines
        stats.samples = self.sampleCount ?? UInt64(self.samples.count)
        stats.taggedSamples = self.taggedSamples ?? UInt64(self.samples.count { !$0.tags.isEmpty })
        stats.tagErrors = self.tagErrors
        for (error, count) in self.errors {
            stats[error] = count
        }
        return stats
    }
}
