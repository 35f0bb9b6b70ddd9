/// What the type field and the `|`-sections after a value did to a sample.
///
/// The sections of DogStatsD packed values (`t:1:2:3|ms|#k:v`) are the same text for every value, so ``LineParser``
/// applies them once and replays the result, which keeps a long packed line linear in its length.
struct SectionEffects {
    /// Where the type field ends in the line.
    var typeEnd: Int
    /// The number of `|` after the value's; more than 4 is ``LineError/malformedComponent``.
    var pipeCount: Int
    /// Whether the sections have been applied; until then only ``typeEnd`` and ``pipeCount`` are known.
    var isComplete = false
    /// The error that rejects the sample, if any.
    var error: LineError?
    /// How many ``LineError/invalidSampleFactor`` errors the rates counted without rejecting the sample.
    var rateErrors: UInt64 = 0
    /// How many tag errors the tag sections counted.
    var tagErrors: UInt64 = 0
    /// The observer repeat count from the last `@rate`.
    var repeatCount = 1
    /// The effective sample rate, as ``StatsDSample/sampleRate`` describes it.
    var sampleRate = 1.0
    /// The sample's deduplicated tags in ``SampleBatch/tags``.
    var tags: Range<Int>

    /// Effects before any section is applied: no error, rate 1, and the name-embedded tags.
    init(typeEnd: Int, pipeCount: Int, tags: Range<Int>) {
        self.typeEnd = typeEnd
        self.pipeCount = pipeCount
        self.tags = tags
    }
}
