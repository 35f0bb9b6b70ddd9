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
        var i = 0
        while i < count {
            if datagram[i] == UInt8(ascii: "\n") {
                self.parse(line: datagram.extracting(lineStart..<i), into: &batch, stats: &stats)
                lineStart = i &+ 1
            }
            i &+= 1
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
    /// - Else, if the line contains `|#`, it is one sample. Else it splits on every `:` into classic multi-value samples
    ///   (`foo:1|c:2|g`), which may have different types.
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
        var sharedTags: Range<Int>? = nil
        if Self.firstIndex(of: UInt8(ascii: ":"), in: line, head) != nil {
            let typeEnd = Self.firstIndex(of: UInt8(ascii: "|"), in: line, rest) ?? end
            guard let type = StatsDType(code: line.extracting(rest.lowerBound..<typeEnd)),
                type.metricClass == .observer
            else {
                throw .invalidExtendedAggregateType
            }
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
                        packedTags: &sharedTags,
                        isPacked: true,
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
                packedTags: &sharedTags,
                isPacked: false,
                into: &batch,
                stats: &stats
            )
        } else {
            var pieceStart = body.lowerBound
            var i = body.lowerBound
            while i <= end {
                if i == end || line[i] == UInt8(ascii: ":") {
                    if let pipe = Self.firstIndex(of: UInt8(ascii: "|"), in: line, pieceStart..<i) {
                        self.parseSample(
                            line,
                            value: pieceStart..<pipe,
                            rest: pipe &+ 1..<i,
                            name: name,
                            nameTags: nameTags,
                            packedTags: &sharedTags,
                            isPacked: false,
                            into: &batch,
                            stats: &stats
                        )
                    } else {
                        stats.samples &+= 1
                        stats.count(.malformedComponent)
                    }
                    pieceStart = i &+ 1
                }
                i &+= 1
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
    ///   - packedTags: For packed values: the tags of the first accepted sample, which every later one shares.
    ///   - isPacked: Whether the sample comes from DogStatsD value packing.
    private func parseSample(
        _ line: Span<UInt8>,
        value: Range<Int>,
        rest: Range<Int>,
        name: Range<Int>,
        nameTags: Range<Int>,
        packedTags: inout Range<Int>?,
        isPacked: Bool,
        into batch: inout SampleBatch,
        stats: inout ParseStats
    ) {
        stats.samples &+= 1
        let byteMark = batch.bytes.count
        let tagMark = batch.tags.count
        do throws(LineError) {
            let sample = try self.readSample(
                line,
                value: value,
                rest: rest,
                name: name,
                nameTags: nameTags,
                packedTags: packedTags,
                into: &batch,
                stats: &stats
            )
            if isPacked, packedTags == nil {
                packedTags = sample.tags
            }
            batch.samples.append(sample)
        } catch {
            stats.count(error)
            batch.truncate(bytes: byteMark, tags: tagMark)
        }
    }

    /// Reads one sample; see ``parseSample(_:value:rest:name:nameTags:packedTags:isPacked:into:stats:)``.
    ///
    /// When `packedTags` is set, the sections are identical to those of an already accepted sample, so tag errors are
    /// counted again but no tags are stored, and the sample shares `packedTags`.
    /// - Throws: The ``LineError`` that drops the sample.
    private func readSample(
        _ line: Span<UInt8>,
        value valueRange: Range<Int>,
        rest: Range<Int>,
        name: Range<Int>,
        nameTags: Range<Int>,
        packedTags: Range<Int>?,
        into batch: inout SampleBatch,
        stats: inout ParseStats
    ) throws(LineError) -> StatsDSample {
        var typeEnd = rest.upperBound
        var pipeCount = 0
        var i = rest.lowerBound
        while i < rest.upperBound {
            if line[i] == UInt8(ascii: "|") {
                if pipeCount == 0 {
                    typeEnd = i
                }
                pipeCount &+= 1
            }
            i &+= 1
        }
        guard pipeCount <= 4 else { throw .malformedComponent }
        guard var value = GoFloatParser.parse(line.extracting(valueRange)) else { throw .malformedValue }
        let hasSign =
            !valueRange.isEmpty
            && (line[valueRange.lowerBound] == UInt8(ascii: "+") || line[valueRange.lowerBound] == UInt8(ascii: "-"))
        var sectionEnd = typeEnd
        while sectionEnd < rest.upperBound {
            let sectionStart = sectionEnd &+ 1
            sectionEnd = Self.firstIndex(of: UInt8(ascii: "|"), in: line, sectionStart..<rest.upperBound) ?? rest.upperBound
            if sectionEnd == sectionStart {
                throw .malformedComponent
            }
        }
        let type = StatsDType(code: line.extracting(rest.lowerBound..<typeEnd))
        let emitsTags = packedTags == nil
        var ownTagStart: Int? = nil
        var repeatCount = 1
        var sampleRate = 1.0
        sectionEnd = typeEnd
        while sectionEnd < rest.upperBound {
            let sectionStart = sectionEnd &+ 1
            sectionEnd = Self.firstIndex(of: UInt8(ascii: "|"), in: line, sectionStart..<rest.upperBound) ?? rest.upperBound
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
                    sampleRate *= rate
                case .observer:
                    repeatCount = Self.repeatCount(forRate: rate)
                    sampleRate = rate
                case .gauge:
                    sampleRate = rate
                case nil:
                    break
                }
            case UInt8(ascii: "#"):
                if self.dialects.dogStatsD {
                    if emitsTags, ownTagStart == nil {
                        ownTagStart = Self.copyTags(nameTags, in: &batch)
                    }
                    self.parseTagList(
                        line,
                        sectionStart &+ 1..<sectionEnd,
                        separator: UInt8(ascii: ":"),
                        stripsHash: true,
                        emits: emitsTags,
                        into: &batch,
                        stats: &stats
                    )
                }
            case UInt8(ascii: "c"):
                guard sectionEnd &- sectionStart > 2, line[sectionStart &+ 1] == UInt8(ascii: ":") else {
                    throw .malformedContainerID
                }
                if emitsTags {
                    if ownTagStart == nil {
                        ownTagStart = Self.copyTags(nameTags, in: &batch)
                    }
                    Self.appendContainerID(line, sectionStart &+ 2..<sectionEnd, into: &batch)
                }
            case UInt8(ascii: "T"):
                break
            default:
                throw .invalidSampleFactor
            }
        }
        var tags = packedTags ?? nameTags
        if let ownTagStart {
            tags = ownTagStart..<batch.tags.count
        }
        if !tags.isEmpty {
            stats.taggedSamples &+= 1
        }
        guard let type else { throw .illegalEvent }
        if let ownTagStart {
            tags = batch.deduplicateTags(from: ownTagStart)
        }
        switch type {
        case .timer:
            value /= 1000
        case .counter, .histogram, .distribution:
            break
        case .gauge:
            return StatsDSample(
                type: type,
                value: value,
                isRelative: hasSign,
                sampleRate: sampleRate,
                name: name,
                tags: tags
            )
        }
        return StatsDSample(
            type: type,
            value: value,
            repeatCount: repeatCount,
            sampleRate: sampleRate,
            name: name,
            tags: tags
        )
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
