import Aggregation

/// Renders families in the Prometheus text format 0.0.4, byte for byte as client_golang's expfmt writes it.
///
/// Families are rendered in the order given (the caller sorts them by name); HELP text escapes `\` and newline,
/// label values escape `\`, `"` and newline, and numbers use Go's shortest form (``GoFloat``).
package enum TextRenderer {
    /// The `Content-Type` of the output, before its `escaping` parameter (see ``ScrapeFormat``).
    package static let contentTypeWithoutEscaping = "text/plain; version=0.0.4; charset=utf-8"
    /// The `Content-Type` of the output for a scraper that names no escaping scheme.
    package static let contentType = "\(contentTypeWithoutEscaping); escaping=underscores"

    /// Appends every family to `out`. Reuse `out` across scrapes (`removeAll(keepingCapacity: true)`).
    package static func render(_ families: [MetricFamilySnapshot], into out: inout [UInt8]) {
        for family in families {
            self.render(family, into: &out)
        }
    }

    /// Appends one family: its HELP and TYPE lines, then every series.
    package static func render(_ family: MetricFamilySnapshot, into out: inout [UInt8]) {
        guard !family.series.isEmpty else { return }
        out.append(contentsOf: "# HELP ".utf8)
        out.append(contentsOf: family.name.utf8)
        out.append(UInt8(ascii: " "))
        self.appendEscaped(family.help, escapingQuotes: false, to: &out)
        out.append(contentsOf: "\n# TYPE ".utf8)
        out.append(contentsOf: family.name.utf8)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: family.kind.name.utf8)
        out.append(UInt8(ascii: "\n"))
        for series in family.series {
            switch series.value {
            case .scalar(let value):
                self.appendSample(family.name, suffix: "", series.labels, extra: nil, value, to: &out)
            case .summary(let quantiles, let sum, let count):
                for quantile in quantiles {
                    let label = Label(name: "quantile", value: GoFloat.format(quantile.quantile))
                    self.appendSample(family.name, suffix: "", series.labels, extra: label, quantile.value, to: &out)
                }
                self.appendSample(family.name, suffix: "_sum", series.labels, extra: nil, sum, to: &out)
                self.appendSample(family.name, suffix: "_count", series.labels, extra: nil, Double(count), to: &out)
            case .histogram(let buckets, let sum, let count):
                for bucket in buckets {
                    let label = Label(name: "le", value: GoFloat.format(bucket.upperBound))
                    self.appendSample(
                        family.name,
                        suffix: "_bucket",
                        series.labels,
                        extra: label,
                        Double(bucket.count),
                        to: &out
                    )
                }
                let infinity = Label(name: "le", value: "+Inf")
                self.appendSample(
                    family.name,
                    suffix: "_bucket",
                    series.labels,
                    extra: infinity,
                    Double(count),
                    to: &out
                )
                self.appendSample(family.name, suffix: "_sum", series.labels, extra: nil, sum, to: &out)
                self.appendSample(family.name, suffix: "_count", series.labels, extra: nil, Double(count), to: &out)
            }
        }
    }

    private static func appendSample(
        _ name: String,
        suffix: String,
        _ labels: [Label],
        extra: Label?,
        _ value: Double,
        to out: inout [UInt8]
    ) {
        out.append(contentsOf: name.utf8)
        out.append(contentsOf: suffix.utf8)
        if !labels.isEmpty || extra != nil {
            out.append(UInt8(ascii: "{"))
            var first = true
            for label in labels {
                self.appendLabel(label, first: first, to: &out)
                first = false
            }
            if let extra {
                self.appendLabel(extra, first: first, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: " "))
        GoFloat.append(value, to: &out)
        out.append(UInt8(ascii: "\n"))
    }

    private static func appendLabel(_ label: Label, first: Bool, to out: inout [UInt8]) {
        if !first { out.append(UInt8(ascii: ",")) }
        out.append(contentsOf: label.name.utf8)
        out.append(contentsOf: "=\"".utf8)
        self.appendEscaped(label.value, escapingQuotes: true, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    static func appendEscaped(_ text: String, escapingQuotes: Bool, to out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\"") where escapingQuotes: out.append(contentsOf: "\\\"".utf8)
            default: out.append(byte)
            }
        }
    }
}
