import Bridge
import TestSupport
import Testing

/// Protobuf scrapes over loopback, asked for as Prometheus asks for them, from a daemon with a mapping file (which
/// gives histograms native buckets, as statsd_exporter does).
@Suite(.timeLimit(.minutes(1)))
struct ProtobufScrapeTests {
    static let prometheusNativeAccept =
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,"
        + "application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,"
        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
    static let protobufContentType =
        "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited; "
        + "escaping=underscores"
    static let mapping = """
        mappings:
        - match: "task.*"
          name: "task_duration_seconds"
          observer_type: histogram
          labels:
            task: "$1"
        """

    @Test func nativeHistogramsCountersAndSelfMetrics() async throws {
        try await withRunningBridge(mapping: Self.mapping) { bridge in
            try bridge.sendUDP("task.a:1000|ms\ntask.a:2000|ms\ntask.a:0|ms\njobs:3|c")
            _ = try await bridge.scrape { $0.contains("task_duration_seconds_count{task=\"a\"} 3") }
            let response = try LoopbackClient.request(
                "GET",
                "/metrics",
                port: bridge.httpPort,
                headers: ["Accept": Self.prometheusNativeAccept]
            )
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == Self.protobufContentType)
            let families = try ProtobufMessage.delimited(response.body)
            let names = families.compactMap { $0.string(1) }
            #expect(names == names.sorted())
            #expect(names.contains("statsd_exporter_lines_total"))
            let task = try #require(families.first { $0.string(1) == "task_duration_seconds" })
            #expect(task.uint(3) == 4)
            let histogram = try #require(try task.message(4)?.message(7))
            #expect(histogram.uint(1) == 3)
            #expect(histogram.double(2) == 3)
            #expect(histogram.sint(5) == 3)
            #expect(histogram.uint(7) == 1)
            // 1 s is the upper bound of bucket 0 and 2 s of bucket 8 at schema 3: two spans, one bucket each.
            #expect(try histogram.messages(12).map { [$0.sint(1), $0.uint(2).map(Int64.init)] } == [[0, 1], [7, 1]])
            #expect(try histogram.packedSints(13) == [1, 0])
            #expect(try histogram.messages(3).count == 11)
            let jobs = try #require(families.first { $0.string(1) == "jobs" })
            #expect(try jobs.message(4)?.message(3)?.double(1) == 3)
        }
    }

    /// gzip applies to protobuf as to text; HEAD answers with the negotiated type and no body.
    @Test func gzipAndHead() async throws {
        try await withRunningBridge { bridge in
            try bridge.sendUDP("zipped:1|c")
            _ = try await bridge.scrape { $0.contains("zipped 1") }
            let zipped = try LoopbackClient.request(
                "GET",
                "/metrics",
                port: bridge.httpPort,
                headers: ["Accept": Self.prometheusNativeAccept, "Accept-Encoding": "gzip"]
            )
            #expect(zipped.headers["content-type"] == Self.protobufContentType)
            #expect(zipped.headers["content-encoding"] == "gzip")
            #expect(zipped.body.prefix(2).elementsEqual([0x1f, 0x8b]))
            let head = try LoopbackClient.request(
                "HEAD",
                "/metrics",
                port: bridge.httpPort,
                headers: ["Accept": Self.prometheusNativeAccept]
            )
            #expect(head.status == 200)
            #expect(head.headers["content-type"] == Self.protobufContentType)
            #expect(head.body.isEmpty)
        }
    }
}
