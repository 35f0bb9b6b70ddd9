import Exposition
import Testing

struct ScrapeFormatTests {
    static let protobuf = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"

    /// The Accept headers Prometheus sends, and what client_golang's `expfmt.Negotiate` answers to each.
    @Test(arguments: [
        // No header, and curl's.
        ("", "text/plain; version=0.0.4; charset=utf-8; escaping=underscores"),
        ("*/*", "text/plain; version=0.0.4; charset=utf-8; escaping=underscores"),
        // Prometheus 2.x's default.
        (
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
            "text/plain; version=0.0.4; charset=utf-8; escaping=underscores"
        ),
        // Prometheus 2.x with --enable-feature=native-histograms.
        (
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,"
                + "application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
            protobuf + "; escaping=underscores"
        ),
        // Prometheus 3.x's default: text 1.0.0 is passed over, and the escaping scheme seen on the way is echoed.
        (
            "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
                + "application/openmetrics-text;version=0.0.1;q=0.5,"
                + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
                + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
            "text/plain; version=0.0.4; charset=utf-8; escaping=allow-utf-8"
        ),
        // Prometheus 3.x with scrape_native_histograms: protobuf first.
        (
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,"
                + "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,"
                + "application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
            protobuf + "; escaping=underscores"
        ),
        // Quality decides, not order; a wildcard loses a tie to a concrete type.
        (
            "text/plain;q=0.5,application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                + "encoding=delimited;q=0.9",
            protobuf + "; escaping=underscores"
        ),
        (
            "*/*;q=0.5,text/plain;version=0.0.4;q=0.5;escaping=dots",
            "text/plain; version=0.0.4; charset=utf-8; escaping=dots"
        ),
        // Protobuf's text encodings are not offered; an unknown escaping scheme is ignored; garbage gets text.
        (
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text",
            "text/plain; version=0.0.4; charset=utf-8; escaping=underscores"
        ),
        ("text/plain;escaping=sideways", "text/plain; version=0.0.4; charset=utf-8; escaping=underscores"),
        ("a/b/c;;=,,;q=x", "text/plain; version=0.0.4; charset=utf-8; escaping=underscores"),
        (
            "application/vnd.google.protobuf;encoding=delimited",
            "text/plain; version=0.0.4; charset=utf-8; escaping=underscores"
        ),
    ])
    func negotiation(accept: String, contentType: String) {
        #expect(ScrapeFormat.negotiate(accept: accept.isEmpty ? [] : [accept]).contentType == contentType)
    }

    /// Of several Accept header fields only the first counts, as Go's `Header.Get` returns only the first.
    @Test func onlyTheFirstHeaderFieldCounts() {
        let format = ScrapeFormat.negotiate(accept: [
            "text/plain;q=0.1",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited",
        ])
        #expect(format.encoding == .text)
    }

    /// Spaces around a range are trimmed before its parameters are read, so a quality before a space still counts.
    @Test func spacesAroundRangesAreTrimmed() {
        let format = ScrapeFormat.negotiate(accept: [
            "text/plain;q=0.5 ,application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                + "encoding=delimited;q=0.4"
        ])
        #expect(format.encoding == .text)
    }
}
