@testable import StatsDProtocol

/// A parsed sample with its ranges resolved to strings, for exact comparisons in tests.
struct ExpectedSample: Sendable, Equatable, CustomStringConvertible {
    var type: StatsDType
    var name: String
    var value: Double
    var isRelative = false
    var repeatCount = 1
    var sampleRate = 1.0
    /// Tags as `key=value`, in the sample's order.
    var tags: [String] = []

    /// Reads `sample` out of `batch`.
    init(_ sample: StatsDSample, in batch: SampleBatch) {
        self.type = sample.type
        self.name = batch.name(of: sample)
        self.value = sample.value
        self.isRelative = sample.isRelative
        self.repeatCount = sample.repeatCount
        self.sampleRate = sample.sampleRate
        self.tags = batch.labels(of: sample).map { "\($0.key)=\($0.value)" }
    }

    init(
        _ type: StatsDType,
        _ name: String,
        _ value: Double,
        relative: Bool = false,
        repeat repeatCount: Int = 1,
        rate: Double = 1,
        tags: [String] = []
    ) {
        self.type = type
        self.name = name
        self.value = value
        self.isRelative = relative
        self.repeatCount = repeatCount
        self.sampleRate = rate
        self.tags = tags
    }

    static func counter(_ name: String, _ value: Double, rate: Double = 1, tags: [String] = []) -> Self {
        Self(.counter, name, value, rate: rate, tags: tags)
    }

    static func gauge(
        _ name: String,
        _ value: Double,
        relative: Bool = false,
        rate: Double = 1,
        tags: [String] = []
    ) -> Self {
        Self(.gauge, name, value, relative: relative, rate: rate, tags: tags)
    }

    static func timer(
        _ name: String,
        _ value: Double,
        repeat repeatCount: Int = 1,
        rate: Double = 1,
        tags: [String] = []
    ) -> Self {
        Self(.timer, name, value, repeat: repeatCount, rate: rate, tags: tags)
    }

    static func histogram(
        _ name: String,
        _ value: Double,
        repeat repeatCount: Int = 1,
        rate: Double = 1,
        tags: [String] = []
    ) -> Self {
        Self(.histogram, name, value, repeat: repeatCount, rate: rate, tags: tags)
    }

    static func distribution(_ name: String, _ value: Double, tags: [String] = []) -> Self {
        Self(.distribution, name, value, tags: tags)
    }

    /// Exact equality; NaN equals NaN, and zeros must have the same sign.
    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.type == rhs.type && lhs.name == rhs.name
            && (lhs.value.bitPattern == rhs.value.bitPattern || (lhs.value.isNaN && rhs.value.isNaN))
            && lhs.isRelative == rhs.isRelative && lhs.repeatCount == rhs.repeatCount
            && lhs.sampleRate == rhs.sampleRate && lhs.tags == rhs.tags
    }

    var description: String {
        "\(self.type.code) \(self.name)=\(self.value) relative=\(self.isRelative) x\(self.repeatCount) "
            + "@\(self.sampleRate) \(self.tags)"
    }
}
