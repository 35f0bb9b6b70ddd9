import Aggregation
import ByteTables

extension TextRenderer {
    /// Appends every family of `snapshot` and of `own` (self-metrics), merged in name order (byte order, as Go sorts).
    /// A snapshot family whose name is also the name of one of `own` is left out, so the scrape stays valid.
    ///
    /// The output is the same as ``render(_:into:)-(([MetricFamilySnapshot],_))`` of the same families, written
    /// without building a `String` or `Label` per series: label sets are rendered from their stored encoding, and
    /// HELP texts and `quantile`/`le` values once per scrape.
    /// - Complexity: O(output length); allocates only while `out` grows and once per family kind of value.
    package static func render(
        _ snapshot: ExpositionSnapshot,
        merging own: [MetricFamilySnapshot],
        into out: inout [UInt8]
    ) {
        Self.render(snapshot, merging: own, chunkBytes: .max, buffer: &out) { _ in }
    }

    /// ``render(_:merging:into:)`` in pieces: whenever about `chunkBytes` are rendered (at a family or series
    /// boundary), `emit` gets them and must leave the buffer empty. The buffer is reused, so a scrape of any size
    /// touches only one small buffer besides wherever `emit` puts the bytes.
    package static func render(
        _ snapshot: ExpositionSnapshot,
        merging own: [MetricFamilySnapshot],
        chunkBytes: Int,
        emit: (inout [UInt8]) -> Void
    ) {
        var out: [UInt8] = []
        out.reserveCapacity(chunkBytes &+ 4096)
        Self.render(snapshot, merging: own, chunkBytes: chunkBytes, buffer: &out, emit: emit)
        emit(&out)
    }

    /// Renders into `out`, handing it to `emit` whenever it holds `chunkBytes` or more.
    private static func render(
        _ snapshot: ExpositionSnapshot,
        merging own: [MetricFamilySnapshot],
        chunkBytes: Int,
        buffer out: inout [UInt8],
        emit: (inout [UInt8]) -> Void
    ) {
        let helps = snapshot.helps.map { help -> [UInt8] in
            var escaped: [UInt8] = []
            Self.appendEscaped(help, escapingQuotes: false, to: &escaped)
            return escaped
        }
        // The `quantile="…"` or `le="…"` label of each target, once per observer setting.
        let targetLabels = snapshot.targets.map { $0.map { Self.labelValue("le", $0) } }
        let quantileLabels = snapshot.targets.map { $0.map { Self.labelValue("quantile", $0) } }
        var labelText: [UInt8] = []
        labelText.reserveCapacity(256)
        snapshot.labels.withUnsafeBytes { labels in
            FamilyMerge.forEach(snapshot, merging: own) { family, name in
                let extras: [[UInt8]] =
                    family.targets < 0
                    ? [] : (family.kind == .summary ? quantileLabels : targetLabels)[family.targets]
                Self.render(
                    family,
                    named: name,
                    help: helps[family.help],
                    extras: extras,
                    snapshot,
                    labels,
                    &labelText,
                    chunkBytes: chunkBytes,
                    emit: emit,
                    into: &out
                )
            } own: { family in
                Self.render(family, into: &out)
            }
        }
    }

    private static func render(
        _ family: ExpositionSnapshot.Family,
        named name: UnsafeRawBufferPointer,
        help: [UInt8],
        extras: [[UInt8]],
        _ snapshot: ExpositionSnapshot,
        _ labels: UnsafeRawBufferPointer,
        _ labelText: inout [UInt8],
        chunkBytes: Int,
        emit: (inout [UInt8]) -> Void,
        into out: inout [UInt8]
    ) {
        guard !family.series.isEmpty else { return }
        if out.count >= chunkBytes {
            emit(&out)
        }
        Self.append("# HELP ", to: &out)
        out.append(contentsOf: name)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: help)
        Self.append("\n# TYPE ", to: &out)
        out.append(contentsOf: name)
        switch family.kind {
        case .counter: Self.append(" counter\n", to: &out)
        case .gauge: Self.append(" gauge\n", to: &out)
        case .summary: Self.append(" summary\n", to: &out)
        case .histogram: Self.append(" histogram\n", to: &out)
        }
        switch family.kind {
        case .counter, .gauge:
            for series in snapshot.series[family.series] {
                if out.count >= chunkBytes { emit(&out) }
                Self.renderLabels(UnsafeRawBufferPointer(rebasing: labels[series.labels]), into: &labelText)
                Self.appendSample(name, suffix: "", labelText, extra: nil, series.value, to: &out)
            }
        case .summary:
            let quantiles = extras
            for series in snapshot.series[family.series] {
                if out.count >= chunkBytes { emit(&out) }
                Self.renderLabels(UnsafeRawBufferPointer(rebasing: labels[series.labels]), into: &labelText)
                for (index, value) in snapshot.values[series.values].enumerated() where index < quantiles.count {
                    Self.appendSample(name, suffix: "", labelText, extra: quantiles[index], value, to: &out)
                }
                Self.appendSample(name, suffix: "_sum", labelText, extra: nil, series.value, to: &out)
                Self.appendSample(name, suffix: "_count", labelText, extra: nil, Double(series.count), to: &out)
            }
        case .histogram:
            let bounds = extras
            let infinity = Self.infinityLabel
            for series in snapshot.series[family.series] {
                if out.count >= chunkBytes { emit(&out) }
                Self.renderLabels(UnsafeRawBufferPointer(rebasing: labels[series.labels]), into: &labelText)
                for (index, count) in snapshot.bucketCounts[series.values].enumerated() where index < bounds.count {
                    Self.appendSample(name, suffix: "_bucket", labelText, extra: bounds[index], Double(count), to: &out)
                }
                Self.appendSample(name, suffix: "_bucket", labelText, extra: infinity, Double(series.count), to: &out)
                Self.appendSample(name, suffix: "_sum", labelText, extra: nil, series.value, to: &out)
                Self.appendSample(name, suffix: "_count", labelText, extra: nil, Double(series.count), to: &out)
            }
        }
    }

    @inline(__always)
    private static func append(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// The `le` label of the `+Inf` bucket.
    private static let infinityLabel = Array("le=\"+Inf\"".utf8)

    /// `name="value"` with the value in Go's number format.
    private static func labelValue(_ name: StaticString, _ value: Double) -> [UInt8] {
        var text: [UInt8] = []
        name.withUTF8Buffer { text.append(contentsOf: $0) }
        Self.append("=\"", to: &text)
        GoFloat.append(value, to: &text)
        text.append(UInt8(ascii: "\""))
        return text
    }

    /// `a="x",b="y"`: an encoded label set (``LabelKey``) as exposition text, values escaped.
    private static func renderLabels(_ encoded: UnsafeRawBufferPointer, into text: inout [UInt8]) {
        text.removeAll(keepingCapacity: true)
        guard !encoded.isEmpty else { return }
        var decoded: [UInt8] = []
        LabelKey.forEach(in: encoded) { name, value, isPlain in
            if !text.isEmpty { text.append(UInt8(ascii: ",")) }
            text.append(contentsOf: name)
            Self.append("=\"", to: &text)
            if isPlain {
                Self.appendEscapedValue(value, to: &text)
            } else {
                decoded.removeAll(keepingCapacity: true)
                LabelKey.decodeValue(value, into: &decoded)
                decoded.withUnsafeBytes { Self.appendEscapedValue($0, to: &text) }
            }
            text.append(UInt8(ascii: "\""))
        }
    }

    /// A label value with `\`, `"` and newline escaped.
    private static func appendEscapedValue(_ value: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        for byte in value {
            switch byte {
            case UInt8(ascii: "\\"): Self.append("\\\\", to: &out)
            case UInt8(ascii: "\n"): Self.append("\\n", to: &out)
            case UInt8(ascii: "\""): Self.append("\\\"", to: &out)
            default: out.append(byte)
            }
        }
    }

    /// One sample line: `name suffix {labels,extra} value\n`, braces only when there are labels.
    @inline(__always)
    private static func appendSample(
        _ name: UnsafeRawBufferPointer,
        suffix: StaticString,
        _ labels: [UInt8],
        extra: [UInt8]?,
        _ value: Double,
        to out: inout [UInt8]
    ) {
        out.append(contentsOf: name)
        if suffix.utf8CodeUnitCount > 0 {
            suffix.withUTF8Buffer { out.append(contentsOf: $0) }
        }
        if !labels.isEmpty || extra != nil {
            out.append(UInt8(ascii: "{"))
            out.append(contentsOf: labels)
            if let extra {
                if !labels.isEmpty { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: extra)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: " "))
        GoFloat.append(value, to: &out)
        out.append(UInt8(ascii: "\n"))
    }
}
