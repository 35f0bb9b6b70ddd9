import Aggregation
import Bridge
import ConfigSupport
import Ingest
import Mapping
import Status
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The live status page at `/`: numbers after real traffic, escaping, reload outcome, the cards, banner and tables
/// an operator reads first (rendered from hand-made snapshots, exact HTML), and its small state types.
@Suite(.timeLimit(.minutes(1)))
struct StatusPageTests {
    static let mapping = """
        mappings:
          - match: "app.*.hits"
            name: "app_hits_total"
            labels:
              service: "$1"
          - match: "never.*"
            name: "never_seen"
        """

    /// Sends `lines` one datagram each and waits until the bridge has counted them all.
    private func send(_ lines: [String], to bridge: RunningBridge, expectingTotal total: Int) async throws {
        for line in lines {
            try bridge.sendUDP(line)
        }
        _ = try await bridge.scrape { bridge.value(of: "statsd_exporter_lines_total", in: $0) == Double(total) }
    }

    private func statusPage(_ bridge: RunningBridge, query: String = "") throws -> LoopbackClient.Response {
        try LoopbackClient.request("GET", "/" + query, port: bridge.httpPort)
    }

    /// Airflow 2.x's refused `dag_processing.processes:-1|c` is explained where its count is shown.
    @Test func negativeCountersAreExplained() async throws {
        try await withRunningBridge { bridge in
            try await self.send(["airflow.dag_processing.processes:-1|c"], to: bridge, expectingTotal: 1)
            let page = try self.statusPage(bridge).text
            #expect(
                page.contains(
                    "illegal_negative_counter</code><div class=\"meaning\">a counter sample below zero (Airflow 2.x "
                        + "sends one, dag_processing.processes:-1|c, per parsed DAG file: expected, see README)</div>"
                        + "</td><td class=\"num\">1</td>"
                )
            )
        }
    }

    @Test func showsNumbersUnmappedNamesAndRuleHitsAfterTraffic() async throws {
        try await withRunningBridge(mapping: Self.mapping) { bridge in
            let lines = [
                "app.web.hits:1|c", "app.web.hits:2|c", "app.web.hits:3|c", "app.api.hits:1|c",
                "plain.unmapped:1|c|#k:a", "plain.unmapped:1|c|#k:b", "plain.unmapped:1|c|#k:c",
                "plain.unmapped:1|c|#k:a",
                "x<b>&\"'.y:1|c", "queue.depth:5|g", "job.time:100|ms",
                "no colon here", "bad.value:abc|c", "bad.type:1|zz",
            ]
            try await self.send(lines, to: bridge, expectingTotal: lines.count)
            let samples = try #require(bridge.value(of: "statsd_exporter_samples_total", in: try bridge.scrape()))
            #expect(samples == 13)
            let response = try self.statusPage(bridge)
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/html; charset=utf-8")
            let page = response.text
            #expect(page.hasPrefix("<!DOCTYPE html>"))
            #expect(page.contains("<a href=\"/metrics\">Metrics</a>"))
            #expect(page.contains("<a href=\"/-/healthy\">Health</a>"))
            #expect(page.contains("<meta http-equiv=\"refresh\" content=\"5\">"))

            // Rates over the last minute: the whole run is inside the window, so the counts are exact.
            #expect(page.contains("\(lines.count) lines in the last "))
            #expect(page.contains("\(Int(samples)) samples in the last "))

            // Errors by reason.
            #expect(Self.errorRow("malformed_line", 1, in: page) != nil)
            #expect(Self.errorRow("malformed_value", 1, in: page) != nil)
            #expect(Self.errorRow("illegal_event", 1, in: page) != nil)
            #expect(Self.errorRow("malformed_component", 0, in: page) != nil)

            // Unmapped names, counted once per new series, most first, escaped.
            #expect(page.contains("<tr><td><code>plain.unmapped</code></td><td class=\"num\">3</td></tr>"))
            #expect(page.contains("<tr><td><code>x&lt;b&gt;&amp;&quot;&#39;.y</code></td><td class=\"num\">1</td>"))
            #expect(!page.contains("x<b>"))
            #expect(page.contains("<code>queue.depth</code>"))
            #expect(page.contains("<code>job.time</code>"))
            #expect(!page.contains("<code>app.web.hits</code>"))
            let unmappedSection = try #require(Self.section("unmapped-names", in: page))
            let order = ["plain.unmapped", "job.time", "queue.depth"].compactMap {
                unmappedSection.firstRange(of: $0)?.lowerBound
            }
            #expect(order.count == 3 && order == order.sorted())

            // Rule hits: one per new series (web and api), every rule in file order with its file:line, the one
            // that never matched kept and marked.
            let path = try #require(bridge.service.bridge.configuration.mappingConfigPath)
            #expect(page.contains("1 of 2 rules matched so far"))
            #expect(page.contains(Self.ruleRow(index: 0, match: "app.*.hits", path: path, line: 2, hits: 2)))
            #expect(page.contains(Self.ruleRow(index: 1, match: "never.*", path: path, line: 6, hits: 0)))

            // Largest families: plain_unmapped has 3 of the 8 series; ties in name order.
            let largest = try #require(Self.section("largest-families", in: page))
            #expect(largest.contains("The 5 families with the most of the 8 live series."))
            #expect(largest.contains(Self.familyRow("plain_unmapped", "counter", 3, "37.5%")))
            #expect(largest.contains(Self.familyRow("app_hits_total", "counter", 2, "25.0%")))
            let familyOrder = ["plain_unmapped", "app_hits_total", "job_time", "queue_depth", "x_b_____y"]
                .compactMap { largest.firstRange(of: "<code>\($0)</code>")?.lowerBound }
            #expect(familyOrder.count == 5 && familyOrder == familyOrder.sorted())

            // Series by type: app_hits_total (2), plain_unmapped (3), x_b___y (1) are counters.
            #expect(page.contains("<tr><td>counter</td><td class=\"num\">3</td><td class=\"num\">6</td></tr>"))
            #expect(page.contains("<tr><td>gauge</td><td class=\"num\">1</td><td class=\"num\">1</td></tr>"))
            #expect(page.contains("<tr><td>summary</td><td class=\"num\">1</td><td class=\"num\">1</td></tr>"))
            #expect(page.contains("<tr class=\"zero\"><td>histogram</td><td class=\"num\">0</td>"))
            #expect(
                page.contains(
                    "<div class=\"card\" id=\"series\"><div class=\"title\">Series</div>"
                        + "<div class=\"value\">8</div>"
                )
            )

            // Mapping file and reload state.
            #expect(page.contains("<tr><th>File</th><td><code>\(StatusPage.escape(path))</code></td></tr>"))
            #expect(page.contains("<tr><th>Rules</th><td>2</td></tr>"))
            #expect(page.contains("none since start (loaded at startup)"))

            // Traffic totals.
            #expect(page.contains("<tr><th>Lines</th><td class=\"num\">\(lines.count)</td></tr>"))
            #expect(page.contains("<tr><th>UDP packets</th><td class=\"num\">\(lines.count)</td></tr>"))
            #expect(page.contains("<div class=\"card\" id=\"kernel-drops\"><div class=\"title\">Kernel UDP drops"))
            #expect(page.contains(" discarded by action: drop</div>"))
            #expect(page.contains("<tr><th>UDP receive buffer<div class=\"meaning\">"))
            #expect(page.contains("drop</div></th><td class=\"num\">OS default"))
            #expect(!page.contains("id=\"reload-failed\""))
        }
    }

    @Test func reloadOutcomeIsShownAndCountsStartOverUnderTheNewMapping() async throws {
        try await withRunningBridge(mapping: Self.mapping, configure: { $0.enableLifecycle = true }) { bridge in
            let path = try #require(bridge.service.bridge.configuration.mappingConfigPath)
            try await self.send(["plain.unmapped:1|c", "app.web.hits:1|c"], to: bridge, expectingTotal: 2)
            #expect(try self.statusPage(bridge).text.contains("<code>plain.unmapped</code>"))

            try Self.write("mappings:\n  - match: \"a.<b>\"\n    name: [\n", to: path)
            let failed = try LoopbackClient.request("POST", "/-/reload", port: bridge.httpPort)
            #expect(failed.status == 500)
            let afterFailure = try self.statusPage(bridge).text
            #expect(afterFailure.contains("<div class=\"banner\" id=\"reload-failed\"><strong>Mapping reload failed"))
            #expect(afterFailure.contains("<span class=\"bad\">failed</span>"))
            #expect(afterFailure.contains("<tr><th>Reloads</th><td>0 succeeded, 1 failed</td></tr>"))
            #expect(afterFailure.contains("The last reload failed; the previous rules stay in force"))
            #expect(!afterFailure.contains("a.<b>"))

            try Self.write("mappings:\n  - match: \"plain.*\"\n    name: \"plain_$1_total\"\n", to: path)
            let succeeded = try LoopbackClient.request("POST", "/-/reload", port: bridge.httpPort)
            #expect(succeeded.status == 200)
            try await self.send(["plain.unmapped:1|c", "other.name:1|c"], to: bridge, expectingTotal: 4)
            let page = try self.statusPage(bridge).text
            #expect(page.contains("<span class=\"ok\">succeeded</span>"))
            #expect(!page.contains("id=\"reload-failed\""))
            #expect(page.contains("<tr><th>Reloads</th><td>1 succeeded, 1 failed</td></tr>"))
            #expect(page.contains("<tr><td><code>other.name</code></td><td class=\"num\">1</td></tr>"))
            #expect(!page.contains("<code>plain.unmapped</code>"))
            #expect(!page.contains("<code>app.*.hits</code>"))
            #expect(page.contains("1 of 1 rules matched so far"))
            #expect(page.contains(Self.ruleRow(index: 0, match: "plain.*", path: path, line: 2, hits: 1)))
        }
    }

    @Test func refreshCanBeChangedOrTurnedOff() async throws {
        try await withRunningBridge { bridge in
            let off = try self.statusPage(bridge, query: "?refresh=0").text
            #expect(!off.contains("http-equiv=\"refresh\""))
            #expect(off.contains("Every name seen so far matched a rule."))
            #expect(off.contains("none (every metric is unmapped)"))
            let slow = try self.statusPage(bridge, query: "?refresh=60").text
            #expect(slow.contains("<meta http-equiv=\"refresh\" content=\"60\">"))
            let head = try LoopbackClient.request("HEAD", "/", port: bridge.httpPort)
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
        }
    }

    // MARK: Cards, banner and tables, from hand-made snapshots

    @Test func kernelDropsCardTurnsRedWhileDropsRise() {
        let rising = StatusPage.render(Self.snapshot(kernelDrops: .init(total: 1500, recent: 500, seconds: 60)))
        #expect(
            rising.contains(
                "<div class=\"card alert\" id=\"kernel-drops\"><div class=\"title\">Kernel UDP drops</div>"
                    + "<div class=\"value\">1500</div><div class=\"note\">500 in the last 60 s: receive buffer full, "
                    + "samples lost</div></div>"
            )
        )
        let quiet = StatusPage.render(Self.snapshot(kernelDrops: .init(total: 1500, recent: 0, seconds: 60)))
        #expect(
            quiet.contains(
                "<div class=\"card\" id=\"kernel-drops\"><div class=\"title\">Kernel UDP drops</div>"
                    + "<div class=\"value\">1500</div><div class=\"note\">none in the last 60 s</div></div>"
            )
        )
        #expect(!quiet.contains("card alert"))
        let unknown = StatusPage.render(Self.snapshot(kernelDrops: nil))
        #expect(
            unknown.contains(
                "<div class=\"card\" id=\"kernel-drops\"><div class=\"title\">Kernel UDP drops</div>"
                    + "<div class=\"value\">unknown</div><div class=\"note\">no /proc/net/udp to read</div></div>"
            )
        )
        // The other "dropped" count is the mapping's `action: drop`, and says so.
        var totals = IngestTotals()
        totals.unmappedEvents = 4
        totals.mapActions = 7
        totals.dropActions = 3
        #expect(
            StatusPage.render(Self.snapshot(totals: totals)).contains(
                "<div class=\"card\" id=\"unmapped\"><div class=\"title\">Unmapped events</div>"
                    + "<div class=\"value\">4</div><div class=\"note\">7 mapped, 3 discarded by action: drop</div>"
            )
        )
    }

    /// Each remote-write endpoint with its counts, how long ago it last landed a push, and the receiver's last words
    /// (escaped), marked as failing when they came after the last success; no section without remote write.
    @Test func remoteWriteEndpointsShowTheirLastError() throws {
        #expect(!StatusPage.render(Self.snapshot()).contains("id=\"remote-write\""))
        var snapshot = Self.snapshot()
        let now = snapshot.nowUnixSeconds
        snapshot.remoteWrite = [
            StatusPage.RemoteWriteEndpoint(
                name: "mimir",
                samplesSent: 1200,
                failures: 3,
                lastSuccess: now - 75,
                lastError: (now - 5, "HTTP 401: <no such tenant>")
            ),
            StatusPage.RemoteWriteEndpoint(
                name: "backup",
                samplesSent: 0,
                failures: 0,
                lastSuccess: nil,
                lastError: nil
            ),
        ]
        let section = try #require(Self.section("remote-write", in: StatusPage.render(snapshot)))
        #expect(
            section == """
                <section id="remote-write">
                <h2>Remote write</h2>
                <table>
                <tr><th>Endpoint</th><th class="num">Samples sent</th><th class="num">Failed requests</th>\
                <th>Last success</th><th>Last error</th></tr>
                <tr><td><code>mimir</code></td><td class="num">1200</td><td class="num">3</td><td>1m 15s ago</td>\
                <td><span class="bad">5s ago: HTTP 401: &lt;no such tenant&gt;</span></td></tr>
                <tr><td><code>backup</code></td><td class="num">0</td><td class="num">0</td>\
                <td><span class="bad">never</span></td><td>none</td></tr>
                </table>
                </section>
                """
        )
    }

    @Test func dropTrendRisesOnlyWhileTheCountGrowsWithinAMinute() {
        let second: UInt64 = 1_000_000_000
        let trend = DropTrend(start: 100 * second)
        #expect(trend.record(.init(nanoseconds: 110 * second, drops: 0)) == .init(total: 0, recent: 0, seconds: 10))
        let first = trend.record(.init(nanoseconds: 120 * second, drops: 40))
        #expect(first == .init(total: 40, recent: 40, seconds: 20) && first.rising)
        // Still inside a minute of the reading before the drops (110 s).
        #expect(trend.record(.init(nanoseconds: 170 * second, drops: 40)) == .init(total: 40, recent: 40, seconds: 60))
        // A minute after the drops: the base is the 120 s reading, which already had them.
        let calm = trend.record(.init(nanoseconds: 185 * second, drops: 40))
        #expect(calm == .init(total: 40, recent: 0, seconds: 65) && !calm.rising)
        let again = trend.record(.init(nanoseconds: 185 * second + second / 2, drops: 41))
        #expect(again == .init(total: 41, recent: 1, seconds: 65.5) && again.rising)
    }

    @Test func failedReloadIsABannerAtTheTopUntilOneSucceeds() throws {
        let now = 1_764_054_375.0
        let reload = LastReload()
        reload.record(
            succeeded: false,
            message: "m.yml:3:11: mappings[0].name: \"<b>\" is not a valid metric name\nm.yml:5:1: second problem",
            unixSeconds: now - 5
        )
        let failed = StatusPage.render(Self.snapshot(lastReload: reload.latest))
        let banner =
            "<div class=\"banner\" id=\"reload-failed\"><strong>Mapping reload failed</strong> at "
            + "2025-11-25 07:06:10 UTC (5s ago): <code>m.yml:3:11: mappings[0].name: &quot;&lt;b&gt;&quot; is not a "
            + "valid metric name</code>. The previous rules stay in force; <a href=\"#mapping\">every error</a> is "
            + "below.</div>\n"
        let found = try #require(failed.firstRange(of: banner))
        let cards = try #require(failed.firstRange(of: "<section class=\"cards\">"))
        #expect(found.upperBound == cards.lowerBound)
        #expect(!failed.contains("<b>"))
        reload.record(succeeded: true, unixSeconds: now)
        #expect(!StatusPage.render(Self.snapshot(lastReload: reload.latest)).contains("reload-failed"))
        #expect(!StatusPage.render(Self.snapshot()).contains("reload-failed"))
    }

    @Test func everyRuleIsListedInFileOrderAndNeverMatchedOnesAreMarked() {
        let file = "/etc/statsd/mapping.yml"
        let rules = [
            MatchedRule(index: 0, location: SourceLocation(file: file, line: 2, column: 5), match: "app.*.hits"),
            MatchedRule(index: 1, location: SourceLocation(file: file, line: 6, column: 5), match: "never.<*>"),
            MatchedRule(index: 2, location: SourceLocation(file: file, line: 8, column: 5), match: "drop.*"),
        ]
        let hits = RuleHits()
        hits.record(rules[0], generation: 0)
        hits.record(rules[0], generation: 0)
        hits.record(rules[2], generation: 0)
        // A hit of a rule the snapshot's mapping does not have (a reload in between) does not count for index 1.
        hits.record(MatchedRule(index: 1, location: rules[1].location, match: "old.*"), generation: 0)
        let page = StatusPage.render(Self.snapshot(rules: rules, ruleHits: hits.entries))
        #expect(page.contains("<p class=\"hint\">2 of 3 rules matched so far (a hit is a new series the rule "))
        let rows = [
            "<tr><td class=\"num\">0</td><td><code>app.*.hits</code></td><td class=\"key\" "
                + "title=\"/etc/statsd/mapping.yml:2:5\">mapping.yml:2</td><td class=\"num\">2</td></tr>\n",
            "<tr class=\"zero\"><td class=\"num\">1</td><td><code>never.&lt;*&gt;</code></td><td class=\"key\" "
                + "title=\"/etc/statsd/mapping.yml:6:5\">mapping.yml:6</td><td class=\"num\">0 "
                + "<span class=\"never\">never matched</span></td></tr>\n",
            "<tr><td class=\"num\">2</td><td><code>drop.*</code></td><td class=\"key\" "
                + "title=\"/etc/statsd/mapping.yml:8:5\">mapping.yml:8</td><td class=\"num\">1</td></tr>\n",
        ]
        #expect(page.contains(rows.joined()))
        #expect(!page.contains("old.*"))
    }

    @Test func largestFamiliesShowTheirShareOfAllSeries() {
        let live = LiveCounts(
            families: [.counter: 2, .gauge: 1, .summary: 1],
            series: [.counter: 5, .gauge: 2, .summary: 1],
            largest: [
                .init(name: "plain_unmapped", kind: .counter, series: 3),
                .init(name: "app_hits_total", kind: .counter, series: 2),
                .init(name: "queue_depth", kind: .gauge, series: 2),
                .init(name: "job_time", kind: .summary, series: 1),
            ]
        )
        let page = StatusPage.render(Self.snapshot(live: live))
        #expect(
            page.contains(
                "<section id=\"largest-families\">\n<h2>Largest families</h2>\n<p class=\"hint\">The 4 families with "
                    + "the most of the 8 live series. One far above the rest usually has a label with unbounded values "
                    + "(an id, a timestamp).</p>\n<table>\n<tr><th>Family</th><th>Type</th><th class=\"num\">Series"
                    + "</th><th class=\"num\">Share</th></tr>\n"
                    + Self.familyRow("plain_unmapped", "counter", 3, "37.5%") + "\n"
                    + Self.familyRow("app_hits_total", "counter", 2, "25.0%") + "\n"
                    + Self.familyRow("queue_depth", "gauge", 2, "25.0%") + "\n"
                    + Self.familyRow("job_time", "summary", 1, "12.5%") + "\n</table>\n</section>\n"
            )
        )
        #expect(StatusPage.render(Self.snapshot()).contains("<p class=\"empty\">No live series yet.</p>"))
    }

    @Test func largestFamiliesComeFromTheRegistryMostSeriesFirstTiesByName() throws {
        let store = SeriesStore(shardCount: 4)
        // 25 families; family i has i % 7 + 1 series, and families 20...24 lose theirs to a TTL.
        for family in 0..<25 {
            for series in 0..<(family % 7 + 1) {
                let descriptor = SeriesDescriptor(
                    name: "family_\(family)",
                    labels: [Label(name: "n", value: String(series))],
                    help: "h",
                    kind: .counter,
                    ttlNanoseconds: family >= 20 ? 1 : 0
                )
                guard case .series = store.resolve(descriptor, now: 0) else {
                    Issue.record("family_\(family) refused")
                    return
                }
            }
        }
        #expect(store.removeExpired(now: 10) > 0)
        let expected = (0..<20).map { LiveCounts.Family(name: "family_\($0)", kind: .counter, series: $0 % 7 + 1) }
            .sorted { $0.series != $1.series ? $0.series > $1.series : $0.name < $1.name }
        let counts = store.liveCounts(largest: StatusPage.familyLimit)
        #expect(counts.largest == expected)
        #expect(counts.seriesTotal == expected.reduce(0) { $0 + $1.series })
        #expect(store.liveCounts(largest: 3).largest == Array(expected.prefix(3)))
        #expect(store.liveCounts().largest.isEmpty)
    }

    // MARK: State and formatting

    @Test func unmappedNamesKeepTheMostFrequentWithinCapacity() {
        // Space-saving keeps every name seen more than total/capacity times (1350/10 here), with its exact count
        // when it was never evicted, however many one-off names pass through.
        let names = UnmappedNames(capacity: 10)
        for _ in 0..<200 { names.record("heavy", generation: 0) }
        for _ in 0..<150 { names.record("medium", generation: 0) }
        for index in 0..<1000 { names.record("rare.\(index)", generation: 0) }
        let top = names.top(2)
        #expect(top.map(\.name) == ["heavy", "medium"])
        #expect(top.map(\.count) == [200, 150])
        #expect(top.allSatisfy { $0.error == 0 })
        #expect(names.top(20).count == 10)
        #expect(names.top(20).dropFirst(2).allSatisfy { $0.error > 0 && $0.count < 150 })
        names.record(String(repeating: "é", count: 300), generation: 0)
        let long = names.top(20).filter { $0.name.hasPrefix("éé") }
        #expect(long.count == 1 && long[0].name.hasSuffix("..."))
        #expect(long.allSatisfy { $0.name.utf8.count <= UnmappedNames.maxNameBytes })
        names.record("late", generation: 1)
        names.record("stale", generation: 0)
        #expect(names.top(10) == [UnmappedNames.Entry(name: "late", count: 1, error: 0)])
    }

    @Test func recentRatesCoverTheLastMinute() {
        let second: UInt64 = 1_000_000_000
        let rates = RecentRates(start: 100 * second)
        let early = rates.window(current: .init(nanoseconds: 110 * second, lines: 50, samples: 70))
        #expect(early == RecentRates.Window(lines: 50, samples: 70, seconds: 10))
        for tick in 1...120 {
            let tick = UInt64(tick)
            rates.record(.init(nanoseconds: (100 + tick) * second, lines: tick * 10, samples: tick * 20))
        }
        let late = rates.window(current: .init(nanoseconds: 220 * second, lines: 1200, samples: 2400))
        #expect(late == RecentRates.Window(lines: 600, samples: 1200, seconds: 60))
        #expect(late.linesPerSecond == 10)
        #expect(late.samplesPerSecond == 20)
    }

    @Test func formatting() {
        #expect(StatusPage.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(StatusPage.duration(0) == "0s")
        #expect(StatusPage.duration(366) == "6m 06s")
        #expect(StatusPage.duration(93784) == "1d 02h 03m 04s")
        #expect(StatusPage.rate(0.254) == "0.25")
        #expect(StatusPage.rate(12.46) == "12.5")
        #expect(StatusPage.rate(48210.4) == "48210")
        #expect(StatusPage.fixed(0.05, digits: 1) == "0.1")
        #expect(StatusPage.fixed(-2.5, digits: 2) == "-2.50")
        #expect(StatusPage.utc(0) == "1970-01-01 00:00:00 UTC")
        #expect(StatusPage.utc(1_764_054_375) == "2025-11-25 07:06:15 UTC")
        #expect(StatusPage.utc(951_782_400) == "2000-02-29 00:00:00 UTC")
    }

    // MARK: Helpers

    /// The table row of an error reason, up to and including its count cell.
    private static func errorRow(_ reason: String, _ count: Int, in page: String) -> Substring? {
        let open = count == 0 ? "<tr class=\"zero\">" : "<tr>"
        let start = "\(open)<td class=\"key\"><code title=\"statsd_exporter_sample_errors_total\">\(reason)</code>"
        guard let found = page.firstRange(of: start) else { return nil }
        let row = page[found.lowerBound...]
        guard let end = row.firstRange(of: "</tr>") else { return nil }
        let text = row[..<end.upperBound]
        return text.hasSuffix("</div></td><td class=\"num\">\(count)</td></tr>") ? text : nil
    }

    /// A row of the rule table; the file:line cell names the file without its directory.
    private static func ruleRow(index: Int, match: String, path: String, line: Int, hits: Int) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return (hits == 0 ? "<tr class=\"zero\">" : "<tr>")
            + "<td class=\"num\">\(index)</td><td><code>\(match)</code></td><td class=\"key\" "
            + "title=\"\(StatusPage.escape(path)):\(line):5\">\(StatusPage.escape(file)):\(line)</td>"
            + "<td class=\"num\">\(hits)"
            + (hits == 0 ? " <span class=\"never\">never matched</span>" : "") + "</td></tr>"
    }

    private static func familyRow(_ name: String, _ type: String, _ series: Int, _ share: String) -> String {
        "<tr><td><code>\(name)</code></td><td>\(type)</td><td class=\"num\">\(series)</td>"
            + "<td class=\"num\">\(share)</td></tr>"
    }

    /// A snapshot with nothing in it but what a test sets, rendered at 2025-11-25 07:06:15 UTC.
    private static func snapshot(
        kernelDrops: DropTrend.Window? = .init(total: 0, recent: 0, seconds: 60),
        totals: IngestTotals = IngestTotals(),
        rules: [MatchedRule] = [],
        ruleHits: [RuleHits.Entry] = [],
        live: LiveCounts = LiveCounts(families: [:], series: [:], largest: []),
        lastReload: LastReload.Attempt? = nil
    ) -> StatusPage.Snapshot {
        StatusPage.Snapshot(
            version: "test",
            uptimeSeconds: 90,
            nowUnixSeconds: 1_764_054_375,
            telemetryPath: "/metrics",
            listeners: [],
            kernelDrops: kernelDrops,
            readBufferBytes: 0,
            receiveBufferMaximum: nil,
            window: RecentRates.Window(lines: 0, samples: 0, seconds: 60),
            totals: totals,
            conflicts: [:],
            unmapped: [],
            rules: rules,
            ruleHits: ruleHits,
            live: live,
            mappingFile: nil,
            warnings: [],
            lastReload: lastReload,
            reloads: (0, 0),
            refreshSeconds: 0
        )
    }

    /// The HTML of `<section id="…">` up to its end.
    private static func section(_ id: String, in page: String) -> Substring? {
        guard let start = page.firstRange(of: "<section id=\"\(id)\">") else { return nil }
        let rest = page[start.lowerBound...]
        guard let end = rest.firstRange(of: "</section>") else { return nil }
        return rest[..<end.upperBound]
    }

    private static func write(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_TRUNC)
        guard fd >= 0 else { throw LoopbackClient.Failure(description: "open \(path): errno \(errno)") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw LoopbackClient.Failure(description: "write \(path): errno \(errno)") }
    }
}
