extension LineParser {
    /// The name of the `container_id` tag that a DogStatsD `|c:<id>` section adds.
    static let containerIDKey: StaticString = "container_id"

    /// The bytes that can start name-embedded tags in some dialect, broadcast for ``ByteScan``.
    static var nameTagMarkers: (UInt64, UInt64, UInt64, UInt64) {
        (
            ByteScan.broadcast(UInt8(ascii: "[")), ByteScan.broadcast(UInt8(ascii: "]")),
            ByteScan.broadcast(UInt8(ascii: "#")), ByteScan.broadcast(UInt8(ascii: ","))
        )
    }

    /// Copies the metric name in `name` of `line` to the arena, removing name-embedded tags and adding them to
    /// ``SampleBatch/tags``.
    ///
    /// Matches statsd_exporter pkg/line/line.go `parseNameAndTags`:
    /// - SignalFx is checked first: the first `[` and the first `]` delimit the tags, and the name is the text before
    ///   `[` joined to the text after `]` (`foo.[a=b]bar` gives `foo.bar`). A lone bracket counts a tag error and
    ///   keeps the name as it is. Once a bracket is seen, InfluxDB and Librato tags are not looked for.
    /// - Otherwise the first `#` (Librato) or `,` (InfluxDB) starts a `key=value` list that runs to the end of the
    ///   name.
    ///
    /// Deliberate difference: when `]` comes before `[`, the reference crashes; here a tag error is counted and the
    /// name is kept as it is, like a lone bracket.
    /// - Returns: The name's range in ``SampleBatch/bytes``.
    func appendName(
        _ line: Span<UInt8>,
        _ name: Range<Int>,
        into batch: inout SampleBatch,
        stats: inout ParseStats
    ) -> Range<Int> {
        // The common case, a name without `[`, `]`, `#` or `,`, has no embedded tags in any dialect: one scan.
        let special = line.withUnsafeBufferPointer { bytes in
            ByteScan.firstIndex(ofAny: Self.nameTagMarkers, in: bytes, name)
        }
        guard special != nil else {
            return batch.appendBytes(line.extracting(name))
        }
        if self.dialects.signalFX {
            let open = Self.firstIndex(of: UInt8(ascii: "["), in: line, name)
            let close = Self.firstIndex(of: UInt8(ascii: "]"), in: line, name)
            switch (open, close) {
            case (nil, nil):
                break
            case (let open?, let close?) where open < close:
                self.parseTagList(
                    line,
                    open &+ 1..<close,
                    separator: UInt8(ascii: "="),
                    stripsHash: false,
                    into: &batch,
                    stats: &stats
                )
                let start = batch.bytes.count
                _ = batch.appendBytes(line.extracting(name.lowerBound..<open))
                _ = batch.appendBytes(line.extracting(close &+ 1..<name.upperBound))
                return start..<batch.bytes.count
            default:
                stats.tagErrors &+= 1
                return batch.appendBytes(line.extracting(name))
            }
        }
        if self.dialects.influxDB || self.dialects.librato {
            var i = name.lowerBound
            while i < name.upperBound {
                let byte = line[i]
                if (byte == UInt8(ascii: "#") && self.dialects.librato)
                    || (byte == UInt8(ascii: ",") && self.dialects.influxDB)
                {
                    self.parseTagList(
                        line,
                        i &+ 1..<name.upperBound,
                        separator: UInt8(ascii: "="),
                        stripsHash: false,
                        into: &batch,
                        stats: &stats
                    )
                    return batch.appendBytes(line.extracting(name.lowerBound..<i))
                }
                i &+= 1
            }
        }
        return batch.appendBytes(line.extracting(name))
    }

    /// Parses a comma-separated tag list, appending each valid tag to ``SampleBatch/tags`` and counting each
    /// malformed one in ``ParseStats/tagErrors``.
    ///
    /// Matches statsd_exporter `parseNameTags` and `ParseDogStatsDTags`: a tag is split at the first `separator`; an
    /// empty tag, a tag without the separator, or one with an empty key or value is a tag error and is skipped. A
    /// trailing comma does not make an empty tag, but two commas in a row do. Keys are escaped with ``NameEscaping``;
    /// values are kept verbatim.
    /// - Parameters:
    ///   - line: The line.
    ///   - list: The tag list's range in `line`, without its introducer.
    ///   - separator: `=` for name-embedded tags, `:` for DogStatsD.
    ///   - stripsHash: Whether one leading `#` is removed from every tag (DogStatsD, for a PHP client's habit).
    func parseTagList(
        _ line: Span<UInt8>,
        _ list: Range<Int>,
        separator: UInt8,
        stripsHash: Bool,
        into batch: inout SampleBatch,
        stats: inout ParseStats
    ) {
        var tagStart = list.lowerBound
        var i = list.lowerBound
        while i < list.upperBound {
            if line[i] == UInt8(ascii: ",") {
                Self.parseTag(line, tagStart..<i, separator, stripsHash, &batch, &stats)
                tagStart = i &+ 1
            }
            i &+= 1
        }
        if tagStart < list.upperBound {
            Self.parseTag(line, tagStart..<list.upperBound, separator, stripsHash, &batch, &stats)
        }
    }

    /// Parses one tag of a tag list; see ``parseTagList(_:_:separator:stripsHash:into:stats:)``.
    private static func parseTag(
        _ line: Span<UInt8>,
        _ tag: Range<Int>,
        _ separator: UInt8,
        _ stripsHash: Bool,
        _ batch: inout SampleBatch,
        _ stats: inout ParseStats
    ) {
        var start = tag.lowerBound
        if stripsHash, start < tag.upperBound, line[start] == UInt8(ascii: "#") {
            start &+= 1
        }
        guard let split = Self.firstIndex(of: separator, in: line, start..<tag.upperBound),
            split > start, split &+ 1 < tag.upperBound
        else {
            stats.tagErrors &+= 1
            return
        }
        let keyStart = batch.bytes.count
        NameEscaping.escape(line.extracting(start..<split), into: &batch.bytes)
        let key = keyStart..<batch.bytes.count
        let value = batch.appendBytes(line.extracting(split &+ 1..<tag.upperBound))
        batch.tags.append(TagRange(key: key, value: value))
    }

    /// Appends a `container_id` tag whose value is `value` of `line`.
    static func appendContainerID(_ line: Span<UInt8>, _ value: Range<Int>, into batch: inout SampleBatch) {
        let keyStart = batch.bytes.count
        Self.containerIDKey.withUTF8Buffer { batch.bytes.append(contentsOf: $0) }
        let key = keyStart..<batch.bytes.count
        let valueRange = batch.appendBytes(line.extracting(value))
        batch.tags.append(TagRange(key: key, value: valueRange))
    }
}
