/// One update to apply to a series, already converted (ms to seconds), scaled and sampled.
package struct Observation: Sendable {
    package var value: Double
    /// Gauges: add `value` instead of setting it.
    package var isRelative: Bool
    /// Observers: how many times `value` is observed (from the sample rate).
    package var repeatCount: Int

    package init(value: Double, isRelative: Bool = false, repeatCount: Int = 1) {
        self.value = value
        self.isRelative = isRelative
        self.repeatCount = repeatCount
    }
}
