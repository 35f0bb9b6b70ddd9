/// One accepted sample.
///
/// Ranges point into the ``SampleBatch`` the sample was parsed into and are meaningless outside it.
package struct StatsDSample: Sendable {
    /// The StatsD wire type.
    package var type: StatsDType
    /// The final value: timers are already divided by 1000, counters already divided by their sample rate.
    package var value: Double
    /// `true` for a gauge delta (value text starting with `+` or `-`); always `false` for other types.
    package var isRelative: Bool
    /// For observers, the number of observations of ``value``: `Int(1 / rate)`, truncated, 1 without a rate and at
    /// most ``LineParser/maximumRepeatCount``. Always 1 for counters and gauges.
    package var repeatCount: Int
    /// The effective sample rate, for explain output: 1 when there is none or it was invalid. Several `@` sections
    /// compound for counters; for other types the last one counts.
    package var sampleRate: Double
    /// The raw metric name in ``SampleBatch/bytes``, with name-embedded tags removed and not escaped.
    package var name: Range<Int>
    /// Indices into ``SampleBatch/tags``. Keys are unique: a repeated key keeps the position of its first occurrence
    /// and the value of its last. Otherwise in the order received, `container_id` included.
    package var tags: Range<Int>

    /// Creates a sample; the parser is the usual source, this is for tests and synthetic events.
    package init(
        type: StatsDType,
        value: Double,
        isRelative: Bool = false,
        repeatCount: Int = 1,
        sampleRate: Double = 1,
        name: Range<Int>,
        tags: Range<Int>
    ) {
        self.type = type
        self.value = value
        self.isRelative = isRelative
        self.repeatCount = repeatCount
        self.sampleRate = sampleRate
        self.name = name
        self.tags = tags
    }
}
