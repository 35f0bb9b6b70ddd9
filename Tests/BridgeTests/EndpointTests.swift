import Testing

@testable import Bridge

/// Which endpoint a path selects, as Go's `http.ServeMux` selects the reference's handlers, and how
/// `Accept-Encoding` is read.
struct EndpointTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var telemetryPath: String
        var path: String
        var lifecycle = false
        var expected: Endpoint
        var testDescription: String { "\(self.telemetryPath) \(self.path)" }
    }

    @Test(arguments: [
        Row(telemetryPath: "/metrics", path: "/metrics", expected: .metrics),
        Row(telemetryPath: "/metrics", path: "/", expected: .statusPage),
        Row(telemetryPath: "/metrics", path: "/other", expected: .notFound),
        Row(telemetryPath: "/metrics", path: "/metrics/", expected: .notFound),
        Row(telemetryPath: "/metrics", path: "//metrics", expected: .redirect("/metrics")),
        Row(telemetryPath: "/metrics", path: "/a/../metrics", expected: .redirect("/metrics")),
        Row(telemetryPath: "/metrics", path: "/./-/healthy", expected: .redirect("/-/healthy")),
        Row(telemetryPath: "/metrics", path: "/-/healthy", expected: .healthy),
        Row(telemetryPath: "/metrics", path: "/-/ready", expected: .ready),
        Row(telemetryPath: "/metrics", path: "/-/reload", expected: .notFound),
        Row(telemetryPath: "/metrics", path: "/-/reload", lifecycle: true, expected: .reload),
        Row(telemetryPath: "/metrics", path: "/-/quit", lifecycle: true, expected: .quit),
        Row(telemetryPath: "/", path: "/", expected: .metrics),
        Row(telemetryPath: "/", path: "/anything/at/all", expected: .metrics),
        Row(telemetryPath: "/", path: "/-/healthy", expected: .healthy),
        Row(telemetryPath: "/stats/", path: "/stats/", expected: .metrics),
        Row(telemetryPath: "/stats/", path: "/stats/x/y", expected: .metrics),
        Row(telemetryPath: "/stats/", path: "/stats", expected: .redirect("/stats/")),
        Row(telemetryPath: "/stats/", path: "/", expected: .statusPage),
        Row(telemetryPath: "/stats/", path: "/x", expected: .notFound),
        Row(telemetryPath: "", path: "/", expected: .notFound),
    ])
    func pathSelectsTheReferencesHandler(_ row: Row) {
        #expect(
            Endpoint(path: row.path, telemetryPath: row.telemetryPath, enableLifecycle: row.lifecycle) == row.expected
        )
    }

    @Test(arguments: [
        (["gzip"], true),
        (["gzip, deflate, br"], true),
        (["GZIP;q=0.5"], true),
        (["gzip;q=0"], false),
        (["gzip; q=0.0, identity"], false),
        (["*"], true),
        (["*;q=0"], false),
        (["gzip;q=0, *"], false),
        (["deflate"], false),
        (["identity", "gzip"], true),
        ([], false),
    ])
    func acceptEncodingIsReadWithQualities(_ values: [String], _ gzip: Bool) {
        #expect(AcceptEncoding.allowsGzip(values) == gzip)
    }
}
