/// The exposition format a scrape is answered in, chosen from its `Accept` header as client_golang's
/// `expfmt.Negotiate` chooses (OpenMetrics is never offered, as statsd_exporter never offers it).
///
/// Media ranges are tried by falling quality, and the first that is either delimited protobuf
/// (`application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited`) or text 0.0.4
/// (`text/plain` with version 0.0.4 or none) wins; anything else, or no header, gets text. An `escaping` parameter
/// of a known scheme on any range is echoed in the answer's `Content-Type`; names are the same under every scheme
/// because every exposed name is already a legacy Prometheus name.
package struct ScrapeFormat: Sendable, Equatable {
    package enum Encoding: Sendable, Equatable {
        case text
        case protobuf
    }

    package var encoding: Encoding
    /// `underscores` unless the scraper asked for another known scheme.
    package var escaping: String

    package init(encoding: Encoding, escaping: String = "underscores") {
        self.encoding = encoding
        self.escaping = escaping
    }

    /// The `Content-Type` header of the answer.
    package var contentType: String {
        switch self.encoding {
        case .text: "\(TextRenderer.contentTypeWithoutEscaping); escaping=\(self.escaping)"
        case .protobuf: "\(ProtobufRenderer.contentType); escaping=\(self.escaping)"
        }
    }

    /// The escaping schemes client_golang recognises; others are ignored.
    private static let escapingSchemes: Set<Substring> = ["allow-utf-8", "underscores", "dots", "values"]

    /// The format for a request with these `Accept` header fields. Only the first is read, as Go's
    /// `Header.Get` reads it.
    package static func negotiate(accept: [String]) -> ScrapeFormat {
        var escaping = "underscores"
        for range in Self.parse(accept.first ?? "") {
            if let scheme = range.parameters["escaping"], Self.escapingSchemes.contains(scheme) {
                escaping = String(scheme)
            }
            if range.type == "application/vnd.google.protobuf",
                range.parameters["proto"] == "io.prometheus.client.MetricFamily"
            {
                // The text encodings of protobuf are not offered: such a range is passed over.
                if range.parameters["encoding"] == "delimited" {
                    return ScrapeFormat(encoding: .protobuf, escaping: escaping)
                }
            }
            let version = range.parameters["version"]
            if range.type == "text/plain", version == nil || version == "" || version == "0.0.4" {
                return ScrapeFormat(encoding: .text, escaping: escaping)
            }
        }
        return ScrapeFormat(encoding: .text, escaping: escaping)
    }

    /// One media range of an `Accept` header.
    private struct MediaRange {
        var type: Substring
        var quality: Double
        var parameters: [Substring: Substring]
        var hasWildcardType: Bool
        var hasWildcardSubtype: Bool
    }

    /// Media ranges by falling quality, a concrete type before a wildcard at the same quality, otherwise in header
    /// order (goautoneg's `ParseAccept`). Ranges that are not `type/subtype` or `*` are skipped; a quality that does
    /// not parse counts as 0.
    private static func parse(_ header: String) -> [MediaRange] {
        var ranges: [MediaRange] = []
        for part in header.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = Self.trimmed(part).split(separator: ";", omittingEmptySubsequences: false)
            let mediaType = Self.trimmed(pieces[0])
            let halves = mediaType.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            let type: Substring
            let subtype: Substring
            if halves.count == 1, Self.trimmed(halves[0]) == "*" {
                (type, subtype) = ("*", "*")
            } else if halves.count == 2, !halves[1].contains("/") {
                (type, subtype) = (Self.trimmed(halves[0]), Self.trimmed(halves[1]))
            } else {
                continue
            }
            var range = MediaRange(
                type: Substring("\(type)/\(subtype)"),
                quality: 1,
                parameters: [:],
                hasWildcardType: type == "*",
                hasWildcardSubtype: subtype == "*"
            )
            for parameter in pieces.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard pair.count == 2 else { continue }
                let name = Self.trimmed(pair[0])
                if name == "q" {
                    range.quality = Double(Float(pair[1]) ?? 0)
                } else {
                    range.parameters[name] = Self.trimmed(pair[1])
                }
            }
            ranges.append(range)
        }
        // A stable sort, as Go's insertion sort is for the few ranges a header has.
        return ranges.enumerated().sorted { left, right in
            if left.element.quality != right.element.quality { return left.element.quality > right.element.quality }
            if left.element.hasWildcardType != right.element.hasWildcardType { return right.element.hasWildcardType }
            if left.element.hasWildcardSubtype != right.element.hasWildcardSubtype {
                return right.element.hasWildcardSubtype
            }
            return left.offset < right.offset
        }.map(\.element)
    }

    /// Without leading and trailing spaces, as Go's `strings.Trim(s, " ")`.
    private static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
