/// The StatsD line grammar of statsd_exporter pkg/line.
///
/// A line has the shape `<name>[name-tags]:<value>|<type>[|@<rate>][|#<tags>][|c:<container>][|T<timestamp>]`.
/// Bad lines and samples are never fatal: they are counted in ``ParseStats`` under their ``LineError`` reason and
/// skipped, and the other samples of the same line or datagram are still parsed.
///
/// Deliberate differences from statsd_exporter (see reference §6):
/// - a trailing `\r` is stripped from every line (the reference fails such a UDP line as a bad type);
/// - a sample rate outside (0, 1], `@0` included, counts ``LineError/invalidSampleFactor`` and the sample is applied
///   with rate 1 (the reference applies `@0` as 1 silently, divides counters by negative or larger rates, and makes
///   zero observations for rates above 1);
/// - SignalFx tags with `]` before `[` count a tag error instead of crashing;
/// - an observer repeats at most ``maximumRepeatCount`` times, however small its rate.
///
/// Everything else follows the reference, quirks included: see ``parse(line:into:stats:)``.
package struct LineParser: Sendable {
    /// The largest ``StatsDSample/repeatCount``: a rate below 1/1,000,000 is applied as 1/1,000,000.
    package static let maximumRepeatCount = 1_000_000

    /// Which tag dialects are read.
    package var dialects: TagDialects

    /// Creates a parser for the given dialects.
    package init(dialects: TagDialects = TagDialects()) {
        self.dialects = dialects
    }

    /// Splits a datagram on `\n` and parses every piece with ``parse(line:into:stats:)``.
    ///
    /// Like the reference, every piece counts as a line, so a datagram that ends in `\n` counts one extra (empty) line.
    /// Allocates only when `batch` must grow.
    /// - Complexity: O(*n*), where *n* is `datagram.count`, plus O(*t*²) per sample with *t* ≤ 16 tags.
    package func parse(datagram: Span<UInt8>, into batch: inout SampleBatch, stats: inout ParseStats) {
        let count = datagram.count
        var lineStart = 0
        while let newline = Self.firstIndex(of: UInt8(ascii: "\n"), in: datagram, lineStart..<count) {
            self.parse(line: datagram.extracting(lineStart..<newline), into: &batch, stats: &stats)
            lineStart = newline &+ 1
        }
        self.parse(line: datagram.extracting(lineStart..<count), into: &batch, stats: &stats)
    }

    /// Parses one line, without its `\n`, appending the accepted samples to `batch` and counting into `stats`.
    ///
    /// Matches statsd_exporter pkg/line/line.go `LineToEvents`:
    /// - The line splits at its first `:`. A missing `:`, an empty name or invalid UTF-8 anywhere is
    ///   ``LineError/malformedLine``. An empty line only counts as a line.
    /// - Name-embedded tags (see ``TagDialects``) are taken off the name. If any produced a label and the rest of the
    ///   line contains `|#`, the line is ``LineError/mixedTaggingStyles``.
    /// - Without a `|` after the `:` the line is ``LineError/notEnoughPartsAfterColon``.
    /// - If the text before that `|` contains `:`, it is DogStatsD value packing (`t:1:2:3|ms`): each value becomes a
    ///   sample with the same type and sections, allowed only for `ms`, `h` and `d`
    ///   (``LineError/invalidExtendedAggregateType`` drops the line otherwise).
    /// - Else, if the line contains `|#`, it is one sample. Else it splits on every `:` into classic multi-value
    ///   samples (`foo:1|c:2|g`), which may have different types.
    /// - Each sample has at most 4 sections after `value|type` (``LineError/malformedComponent`` otherwise, and for an
    ///   empty section); its value must parse as Go's `strconv.ParseFloat` does (``LineError/malformedValue``).
    /// - Sections apply in order: `@rate`; `#tags` (DogStatsD, when enabled; otherwise ignored); `c:<id>`, which adds
    ///   the tag `container_id` (``LineError/malformedContainerID`` drops the sample for `c` or `c:`); `T…`, ignored;
    ///   anything else is ``LineError/invalidSampleFactor`` and drops the sample.
    /// - A type other than `c`, `g`, `ms`, `h` and `d` is ``LineError/illegalEvent``, checked last, after the sample
    ///   has counted in ``ParseStats/taggedSamples``.
    ///
    /// Allocates only when `batch` must grow, or for a value in a rare notation (see ``GoFloatParser``).
    /// - Parameters:
    ///   - line: The line; one trailing `\r` is ignored.
    ///   - batch: Receives the accepted samples, their names and their tags.
    ///   - stats: Receives the line, sample, tag and error counts.
    /// - Complexity: O(*n*), where *n* is `line.count`, plus O(*t*²) per sample with *t* ≤ 16 tags.
    package func parse(line: Span<UInt8>, into batch: inout SampleBatch, stats: inout ParseStats) {
        stats.lines &+= 1
        var end = line.count
        if end > 0, line[end &- 1] == UInt8(ascii: "\r") {
            end &-= 1
        }
        guard end > 0 else { return }
        let byteMark = batch.bytes.count
        let tagMark = batch.tags.count
        let sampleMark = batch.samples.count
        do throws(LineError) {
            try self.parseNonEmpty(line.extracting(0..<end), into: &batch, stats: &stats)
        } catch {
            stats.count(error)
        }
        if batch.samples.count == sampleMark {
            batch.truncate(bytes: byteMark, tags: tagMark)
        }
    }

    /// Parses a non-empty line; see ``parse(line:into:stats:)``.
    /// - Throws: The ``LineError`` that drops the whole line. Errors of single samples are counted, not thrown.
    private func parseNonEmpty(
        _ line: Span<UInt8>,
        into batch: inout SampleBatch,
        stats: inout ParseStats
    ) throws(LineError) {
        let end = line.count
        guard let colon = Self.firstIndex(of: UInt8(ascii: ":"), in: line, 0..<end), colon > 0,
            UTF8Scanner.isValid(line)
        else {
            throw .malformedLine
        }
        let nameTagStart = batch.tags.count
        let name = self.appendName(line, 0..<colon, into: &batch, stats: &stats)
        let nameTags = batch.deduplicateTags(from: nameTagStart)
        let body = colon &+ 1..<end
        let usesDogStatsDTags = Self.containsTagMarker(line, body)
        if usesDogStatsDTags, !nameTags.isEmpty {
            throw .mixedTaggingStyles
        }
        guard let firstPipe = Self.firstIndex(of: UInt8(ascii: "|"), in: line, body) else {
            throw .notEnoughPartsAfterColon
        }
        let head = body.lowerBound..<firstPipe
        let rest = firstPipe &+ 1..<end
        var packed: SectionEffects? = nil
        var unpacked: SectionEffects? = nil
        if Self.firstIndex(of: UInt8(ascii: ":"), in: line, head) != nil {
            let typeEnd = Self.firstIndex(of: UInt8(ascii: "|"), in: line, rest) ?? end
            guard let type = StatsDType(code: line.extracting(rest.lowerBound..<typeEnd)),
                type.metricClass == .observer
            else {
                throw .invalidExtendedAggregateType
            }
            let layout = Self.layout(of: rest, in: line)
            packed = SectionEffects(typeEnd: layout.typeEnd, pipeCount: layout.pipeCount, tags: nameTags)
            var valueStart = head.lowerBound
            var i = head.lowerBound
            while i <= head.upperBound {
                if i == head.upperBound || line[i] == UInt8(ascii: ":") {
                    self.parseSample(
                        line,
                        value: valueStart..<i,
                        rest: rest,
                        name: name,
                        nameTags: nameTags,
                        packed: &packed,
                        into: &batch,
                        stats: &stats
                    )
                    valueStart = i &+ 1
                }
                i &+= 1
            }
        } else if usesDogStatsDTags {
            self.parseSample(
                line,
                value: head,
                rest: rest,
                name: name,
                nameTags: nameTags,
                packed: &unpacked,
                into: &batch,
                stats: &stats
            )
        } else {
            var pieceStart = body.lowerBound
            // The first piece's `|` is `firstPipe`: its value (`head`) holds no `:`.
            var knownPipe: Int? = firstPipe
            while true {
                let pieceEnd = Self.firstIndex(of: UInt8(ascii: ":"), in: line, (knownPipe ?? pieceStart)..<end) ?? end
                if let pipe = knownPipe ?? Self.firstIndex(of: UInt8(ascii: "|"), in: line, pieceStart..<pieceEnd) {
                    self.parseSample(
                        line,
                        value: pieceStart..<pipe,
                        rest: pipe &+ 1..<pieceEnd,
                        name: name,
                        nameTags: nameTags,
                        packed: &unpacked,
                        into: &batch,
                        stats: &stats
                    )
                } else {
                    stats.samples &+= 1
                    stats.count(.malformedComponent)
                }
                guard pieceEnd < end else { break }
                pieceStart = pieceEnd &+ 1
                knownPipe = nil
            }
        }
    }

    /// Parses one sample, counting it and any error, and appends it to `batch` if it is accepted.
    ///
    /// - Parameters:
    ///   - line: The line.
    ///   - value: The value text's range in `line`.
    ///   - rest: The range of the type and sections that follow the value's `|`.
    ///   - name: The metric name's range in ``SampleBatch/bytes``.
    ///   - nameTags: The deduplicated name-embedded tags in ``SampleBatch/tags``.
    ///   - packed: For packed values, whose type and sections are the same text for every sample: what they did to the
    ///     first sample that reached them, replayed for the others so a long packed line costs O(*n*), not O(*n*²).
    ///     `nil` for other samples.
    private func parseSample(
        _ line: Span<UInt8>,
        value valueRange: Range<Int>,
        rest: Range<Int>,
        name: Range<Int>,
        nameTags: Range<Int>,
        packed: inout SectionEffects?,
        into batch: inout SampleBatch,
        stats: inout ParseStats
    ) {
        stats.samples &+= 1
        let layout = packed.map { (typeEnd: $0.typeEnd, pipeCount: $0.pipeCount) } ?? Self.layout(of: rest, in: line)
        guard layout.pipeCount <= 4 else {
            stats.count(.malformedComponent)
            return
        }
        guard var value = GoFloatParser.parse(line.extracting(valueRange)) else {
            stats.count(.malformedValue)
            return
        }
        let hasSign =
            !valueRange.isEmpty
            && (line[valueRange.lowerBound] == UInt8(ascii: "+") || line[valueRange.lowerBound] == UInt8(ascii: "-"))
        let type = StatsDType(code: line.extracting(rest.lowerBound..<layout.typeEnd))
        let byteMark = batch.bytes.count
        let tagMark = batch.tags.count
        let effects: SectionEffects
        if let cached = packed, cached.isComplete {
            effects = cached
            stats[.invalidSampleFactor] &+= cached.rateErrors
            stats.tagErrors &+= cached.tagErrors
        } else if layout.pipeCount == 0 {
            // No sections: the common `name:value|type` needs none of applySections' bookkeeping.
            var plain = SectionEffects(typeEnd: layout.typeEnd, pipeCount: 0, tags: nameTags)
            plain.isComplete = true
            effects = plain
            if packed != nil {
                packed = effects
            }
        } else {
            effects = self.applySections(
                line,
                rest,
                typeEnd: layout.typeEnd,
                pipeCount: layout.pipeCount,
                type: type,
                value: &value,
                nameTags: nameTags,
                into: &batch,
                stats: &stats
            )
            if packed != nil {
                packed = effects
            }
        }
        if let error = effects.error {
            stats.count(error)
            return
        }
        if !effects.tags.isEmpty {
            stats.taggedSamples &+= 1
        }
        guard let type else {
            stats.count(.illegalEvent)
            batch.truncate(bytes: byteMark, tags: tagMark)
            return
        }
        switch type {
        case .timer:
            value /= 1000
        case .counter, .gauge, .histogram, .distribution:
            break
        }
        batch.samples.append(
            StatsDSample(
                type: type,
                value: value,
                isRelative: type == .gauge && hasSign,
                repeatCount: type.metricClass == .observer ? effects.repeatCount : 1,
                sampleRate: effects.sampleRate,
                name: name,
                tags: effects.tags
            )
        )
    }

    /// Applies the sections after `typeEnd` in `rest`, in order, appending the sample's own tags to `batch`.
    ///
    /// Matches statsd_exporter: an empty section rejects the sample before any section is applied; then `@rate`
    /// divides a counter's `value` or sets an observer's repeat count; `#tags` adds DogStatsD tags when that dialect
    /// is enabled; `c:<id>` adds `container_id`; `T…` is ignored; any other prefix rejects the sample. Tag and rate
    /// errors are counted into `stats` as they occur, even if a later section rejects the sample.
    /// - Returns: The effects; on rejection, with ``SectionEffects/error`` set and the sample's tags and bytes removed
    ///   from `batch` again.
    private func applySections(
        _ line: Span<UInt8>,
        _ rest: Range<Int>,
        typeEnd: Int,
        pipeCount: Int,
        type: StatsDType?,
        value: inout Double,
        nameTags: Range<Int>,
        into batch: inout SampleBatch,
        stats: inout ParseStats
    ) -> SectionEffects {
        var effects = SectionEffects(typeEnd: typeEnd, pipeCount: pipeCount, tags: nameTags)
        var sectionEnd = typeEnd
        while sectionEnd < rest.upperBound {
            let sectionStart = sectionEnd &+ 1
            sectionEnd =
                Self.firstIndex(of: UInt8(ascii: "|"), in: line, sectionStart..<rest.upperBound) ?? rest.upperBound
            if sectionEnd == sectionStart {
                effects.error = .malformedComponent
                effects.isComplete = true
                return effects
            }
        }
        let rateErrorsBefore = stats[.invalidSampleFactor]
        let tagErrorsBefore = stats.tagErrors
        let byteMark = batch.bytes.count
        let tagMark = batch.tags.count
        var ownTagStart: Int? = nil
        sectionEnd = typeEnd
        sections: while sectionEnd < rest.upperBound {
            let sectionStart = sectionEnd &+ 1
            sectionEnd =
                Self.firstIndex(of: UInt8(ascii: "|"), in: line, sectionStart..<rest.upperBound) ?? rest.upperBound
            switch line[sectionStart] {
            case UInt8(ascii: "@"):
                var rate = 1.0
                if let parsed = GoFloatParser.parse(line.extracting(sectionStart &+ 1..<sectionEnd)), parsed > 0,
                    parsed <= 1
                {
                    rate = parsed
                } else {
                    stats.count(.invalidSampleFactor)
                }
                switch type?.metricClass {
                case .counter:
                    value /= rate
                    effects.sampleRate *= rate
                case .observer:
                    effects.repeatCount = Self.repeatCount(forRate: rate)
                    effects.sampleRate = rate
                case .gauge:
                    effects.sampleRate = rate
                case nil:
                    break
                }
            case UInt8(ascii: "#"):
                if self.dialects.dogStatsD {
                    if ownTagStart == nil {
                        ownTagStart = Self.copyTags(nameTags, in: &batch)
                    }
                    self.parseTagList(
                        line,
                        sectionStart &+ 1..<sectionEnd,
                        separator: UInt8(ascii: ":"),
                        stripsHash: true,
                        into: &batch,
                        stats: &stats
                    )
                }
            case UInt8(ascii: "c"):
                guard sectionEnd &- sectionStart > 2, line[sectionStart &+ 1] == UInt8(ascii: ":") else {
                    effects.error = .malformedContainerID
                    break sections
                }
                if ownTagStart == nil {
                    ownTagStart = Self.copyTags(nameTags, in: &batch)
                }
                Self.appendContainerID(line, sectionStart &+ 2..<sectionEnd, into: &batch)
            case UInt8(ascii: "T"):
                break
            default:
                effects.error = .invalidSampleFactor
                break sections
            }
        }
        effects.rateErrors = stats[.invalidSampleFactor] &- rateErrorsBefore
        effects.tagErrors = stats.tagErrors &- tagErrorsBefore
        effects.isComplete = true
        if effects.error != nil {
            batch.truncate(bytes: byteMark, tags: tagMark)
        } else if let ownTagStart {
            effects.tags = batch.deduplicateTags(from: ownTagStart)
        }
        return effects
    }

    /// Where the type field of `rest` ends, and how many `|` follow the value's.
    ///
    /// - Complexity: O(*n*), where *n* is `rest.count`.
    private static func layout(of rest: Range<Int>, in line: Span<UInt8>) -> (typeEnd: Int, pipeCount: Int) {
        var typeEnd = rest.upperBound
        var pipeCount = 0
        var start = rest.lowerBound
        while let pipe = Self.firstIndex(of: UInt8(ascii: "|"), in: line, start..<rest.upperBound) {
            if pipeCount == 0 {
                typeEnd = pipe
            }
            pipeCount &+= 1
            start = pipe &+ 1
        }
        return (typeEnd, pipeCount)
    }

    /// Appends copies of the tags in `range` to the end of ``SampleBatch/tags`` and returns where the copies start.
    ///
    /// A sample with tags of its own gets a contiguous tag list this way, while the name-embedded tags stay shared
    /// with the line's other samples. Does not allocate unless ``SampleBatch/tags`` must grow.
    private static func copyTags(_ range: Range<Int>, in batch: inout SampleBatch) -> Int {
        let start = batch.tags.count
        for index in range {
            batch.tags.append(batch.tags[index])
        }
        return start
    }
}
