import Bridge
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite(.timeLimit(.minutes(1)))
struct HTTPEndpointTests {
    @Test func probesLandingPageAndUnknownPaths() async throws {
        try await withRunningBridge { bridge in
            let healthy = try LoopbackClient.request("GET", "/-/healthy", port: bridge.httpPort)
            #expect(healthy.status == 200)
            #expect(healthy.text == "Statsd Exporter is Healthy.\n")
            let ready = try LoopbackClient.request("GET", "/-/ready", port: bridge.httpPort)
            #expect(ready.status == 200)
            #expect(ready.text == "Statsd Exporter is Ready.\n")
            let landing = try LoopbackClient.request("GET", "/", port: bridge.httpPort)
            #expect(landing.status == 200)
            #expect(landing.text.contains("<a href=\"/metrics\">Metrics</a>"))
            for (method, path) in [("GET", "/debug/pprof/"), ("POST", "/-/reload"), ("POST", "/-/quit")] {
                let response = try LoopbackClient.request(method, path, port: bridge.httpPort)
                #expect(response.status == 404, "\(method) \(path)")
            }
        }
    }

    @Test func metricsAreServedWithContentTypeAndGzip() async throws {
        try await withRunningBridge { bridge in
            try bridge.sendUDP("zipped:1|c")
            _ = try await bridge.scrape { $0.contains("zipped 1") }
            let plain = try LoopbackClient.request("GET", "/metrics", port: bridge.httpPort)
            #expect(plain.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8; escaping=underscores")
            #expect(plain.headers["content-encoding"] == nil)
            let zipped = try LoopbackClient.request(
                "GET",
                "/metrics",
                port: bridge.httpPort,
                headers: ["Accept-Encoding": "gzip"]
            )
            #expect(zipped.status == 200)
            #expect(zipped.headers["content-encoding"] == "gzip")
            #expect(zipped.body.prefix(2).elementsEqual([0x1f, 0x8b]))
            #expect(zipped.body.count < plain.body.count)
            #expect(
                !plain.text.contains("statsd_bridge_"),
                "statsd_bridge_* families appear only once they have something to say"
            )
        }
    }

    /// `gzip;q=0` refuses gzip; an unclean path redirects to its clean form, query kept, as Go's ServeMux does.
    @Test func refusedGzipAndUncleanPaths() async throws {
        try await withRunningBridge { bridge in
            let refused = try LoopbackClient.request(
                "GET",
                "/metrics",
                port: bridge.httpPort,
                headers: ["Accept-Encoding": "gzip;q=0"]
            )
            #expect(refused.status == 200)
            #expect(refused.headers["content-encoding"] == nil)
            #expect(refused.text.contains("# TYPE statsd_exporter_build_info gauge"))
            let moved = try LoopbackClient.request("GET", "//metrics?x=1", port: bridge.httpPort)
            #expect(moved.status == 301)
            #expect(moved.headers["location"] == "/metrics?x=1")
            #expect(moved.text == "<a href=\"/metrics?x=1\">Moved Permanently</a>.\n\n")
        }
    }

    @Test func rootTelemetryPathServesEveryPath() async throws {
        try await withRunningBridge(configure: { $0.telemetryPath = "/" }) { bridge in
            for path in ["/", "/metrics", "/any/path"] {
                let response = try LoopbackClient.request("GET", path, port: bridge.httpPort)
                #expect(response.status == 200, "\(path)")
                #expect(response.text.contains("# TYPE statsd_exporter_build_info gauge"), "\(path)")
            }
            #expect(
                try LoopbackClient.request("GET", "/-/healthy", port: bridge.httpPort).text
                    == "Statsd Exporter is Healthy.\n"
            )
        }
    }

    @Test func customTelemetryPath() async throws {
        try await withRunningBridge(configure: { $0.telemetryPath = "/stats" }) { bridge in
            let custom = try LoopbackClient.request("GET", "/stats", port: bridge.httpPort)
            #expect(custom.text.contains("statsd_exporter_build_info"))
            let standard = try LoopbackClient.request("GET", "/metrics", port: bridge.httpPort)
            #expect(standard.status == 404)
        }
    }

    @Test func lifecycleReloadSwapsMappingAndKeepsOldOnFailure() async throws {
        let first = """
            mappings:
              - match: "app.*"
                name: "first_$1"
            """
        try await withRunningBridge(mapping: first, configure: { $0.enableLifecycle = true }) { bridge in
            let path = try #require(bridge.service.bridge.configuration.mappingConfigPath)
            try bridge.sendUDP("app.one:1|c")
            _ = try await bridge.scrape { $0.contains("first_one 1") }

            try writeFile(path, "mappings:\n  - match: \"app.*\"\n    name: \"second_$1\"\n")
            let reloaded = try LoopbackClient.request("POST", "/-/reload", port: bridge.httpPort)
            #expect(reloaded.status == 200)
            #expect(reloaded.text == "Requesting reload\n")
            try bridge.sendUDP("app.two:1|c")
            _ = try await bridge.scrape { $0.contains("second_two 1") }

            try writeFile(path, "mappings:\n  - match: \"app.*\"\n    nmae: \"broken\"\n")
            let failed = try LoopbackClient.request("PUT", "/-/reload", port: bridge.httpPort)
            #expect(failed.status == 500)
            #expect(failed.text.contains(path))
            #expect(failed.text.contains("nmae"))
            try bridge.sendUDP("app.three:1|c")
            let text = try await bridge.scrape { $0.contains("second_three 1") }
            #expect(bridge.value(of: "statsd_exporter_config_reloads_total{outcome=\"success\"}", in: text) == 1)
            #expect(bridge.value(of: "statsd_exporter_config_reloads_total{outcome=\"failure\"}", in: text) == 1)
            #expect(bridge.value(of: "statsd_exporter_loaded_mappings", in: text) == 1)
        }
    }

    @Test func lifecycleQuitStopsTheService() async throws {
        try await withRunningBridge(configure: { $0.enableLifecycle = true }) { bridge in
            let quit = try LoopbackClient.request("POST", "/-/quit", port: bridge.httpPort)
            #expect(quit.status == 200)
            #expect(quit.text == "Requesting termination... Goodbye!\n")
        }
    }
}

func writeFile(_ path: String, _ contents: String) throws {
    guard let file = fopen(path, "w") else { throw LoopbackClient.Failure(description: "fopen \(path)") }
    fputs(contents, file)
    fclose(file)
}
