import Aggregation
import ConfigSupport
import Ingest
import Mapping
import StatsDProtocol

/// The live status page served at `/`: one server-rendered HTML document, no scripts and no external assets, so
/// it works behind any proxy and in a locked-down browser. It answers what an operator asks first: is traffic
/// arriving, is the kernel dropping it, what is rejected and why, which names no rule maps, which rules never match,
/// which families hold the series, and which mapping file is in force (a failed reload is a banner at the top).
/// Every value that comes from traffic or from a file is HTML-escaped.
///
/// The page refreshes itself with a `<meta http-equiv="refresh">` (every 5 s unless `?refresh=N` says otherwise;
/// `?refresh=0` turns it off).
package enum StatusPage {
    /// Everything the page shows, read at one moment; rendering is a pure function of it.
    package struct Snapshot: Sendable {
        package var version: String
        package var uptimeSeconds: Double
        /// Seconds since the Unix epoch when the snapshot was taken.
        package var nowUnixSeconds: Double
        package var telemetryPath: String
        /// `udp`, `tcp`, `unixgram`, `unix stream` and `web` with what they listen on (configured addresses).
        package var listeners: [(kind: String, address: String)]
        /// UDP datagrams the kernel dropped on our sockets for a full receive buffer, in all and lately; `nil`
        /// without procfs.
        package var kernelDrops: DropTrend.Window?
        /// `--statsd.read-buffer` (0: the OS default) and `net.core.rmem_max`, which caps it.
        package var readBufferBytes: Int
        package var receiveBufferMaximum: Int?
        package var window: RecentRates.Window
        package var totals: IngestTotals
        package var conflicts: [SelfMetrics.ConflictKey: UInt64]
        package var unmapped: [UnmappedNames.Entry]
        /// Every rule of the mapping in force, in file order.
        package var rules: [MatchedRule]
        /// The rules hit at least once; a hit of a rule not in ``rules`` (a reload in between) is not shown.
        package var ruleHits: [RuleHits.Entry]
        /// Live families and series by type, and the ``StatusPage/familyLimit`` largest families.
        package var live: LiveCounts
        package var mappingFile: String?
        package var warnings: [String]
        package var lastReload: LastReload.Attempt?
        package var reloads: (success: UInt64, failure: UInt64)
        /// Seconds between automatic refreshes; 0 for none.
        package var refreshSeconds: Int
        /// Remote-write endpoints, when `--remote-write.config-file` is set.
        package var remoteWrite: [RemoteWriteEndpoint] = []

        package init(
            version: String,
            uptimeSeconds: Double,
            nowUnixSeconds: Double,
            telemetryPath: String,
            listeners: [(kind: String, address: String)],
            kernelDrops: DropTrend.Window?,
            readBufferBytes: Int,
            receiveBufferMaximum: Int?,
            window: RecentRates.Window,
            totals: IngestTotals,
            conflicts: [SelfMetrics.ConflictKey: UInt64],
            unmapped: [UnmappedNames.Entry],
            rules: [MatchedRule],
            ruleHits: [RuleHits.Entry],
            live: LiveCounts,
            mappingFile: String?,
            warnings: [String],
            lastReload: LastReload.Attempt?,
            reloads: (success: UInt64, failure: UInt64),
            refreshSeconds: Int
        ) {
            self.version = version
            self.uptimeSeconds = uptimeSeconds
            self.nowUnixSeconds = nowUnixSeconds
            self.telemetryPath = telemetryPath
            self.listeners = listeners
            self.kernelDrops = kernelDrops
            self.readBufferBytes = readBufferBytes
            self.receiveBufferMaximum = receiveBufferMaximum
            self.window = window
            self.totals = totals
            self.conflicts = conflicts
            self.unmapped = unmapped
            self.rules = rules
            self.ruleHits = ruleHits
            self.live = live
            self.mappingFile = mappingFile
            self.warnings = warnings
            self.lastReload = lastReload
            self.reloads = reloads
            self.refreshSeconds = refreshSeconds
        }
    }

    /// How many unmapped names the page lists.
    package static let unmappedLimit = 20
    /// How many conflicting metric names the page lists.
    package static let conflictLimit = 10
    /// How many of the largest families the page lists.
    package static let familyLimit = 20

    /// The whole HTML document.
    package static func render(_ snapshot: Snapshot) -> String {
        var html = HTML()
        html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        if snapshot.refreshSeconds > 0 {
            html.raw("<meta http-equiv=\"refresh\" content=\"\(snapshot.refreshSeconds)\">\n")
        }
        html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        html.raw("<title>statsd-bridge status</title>\n<style>\(Self.style)</style>\n</head>\n<body>\n")
        Self.header(snapshot, into: &html)
        Self.reloadBanner(snapshot, into: &html)
        Self.cards(snapshot, into: &html)
        html.raw("<div class=\"grid\">\n")
        Self.errors(snapshot, into: &html)
        Self.unmapped(snapshot, into: &html)
        Self.rules(snapshot, into: &html)
        Self.largestFamilies(snapshot, into: &html)
        Self.seriesByType(snapshot, into: &html)
        Self.mapping(snapshot, into: &html)
        Self.traffic(snapshot, into: &html)
        Self.remoteWrite(snapshot, into: &html)
        html.raw("</div>\n<footer>Rendered ")
        html.text(Self.utc(snapshot.nowUnixSeconds))
        if snapshot.refreshSeconds > 0 {
            html.raw("; refreshes every \(snapshot.refreshSeconds) s (<a href=\"/?refresh=0\">stop</a>)")
        }
        html.raw(". Rates cover the last minute; unmapped names and rule hits are counted once per new series.")
        html.raw("</footer>\n</body>\n</html>\n")
        return html.output
    }

    // MARK: Sections

    private static func header(_ snapshot: Snapshot, into html: inout HTML) {
        html.raw("<header>\n<h1>statsd-bridge</h1>\n<span class=\"version\">version ")
        html.text(snapshot.version)
        html.raw("</span>\n<nav>")
        if !snapshot.telemetryPath.isEmpty {
            html.raw("<a href=\"")
            html.text(snapshot.telemetryPath)
            html.raw("\">Metrics</a> ")
        }
        html.raw("<a href=\"/-/healthy\">Health</a> <a href=\"/-/ready\">Ready</a></nav>\n</header>\n")
    }

    /// A failed reload is the first thing on the page, as long as it is the latest attempt: the daemon still runs
    /// the previous rules, which is easy to miss at the bottom of the page.
    private static func reloadBanner(_ snapshot: Snapshot, into html: inout HTML) {
        guard let reload = snapshot.lastReload, !reload.succeeded else { return }
        html.raw("<div class=\"banner\" id=\"reload-failed\"><strong>Mapping reload failed</strong> at ")
        html.text(Self.utc(reload.unixSeconds))
        html.raw(" (")
        html.text(Self.duration(max(snapshot.nowUnixSeconds - reload.unixSeconds, 0)))
        html.raw(" ago)")
        if let first = reload.message.split(separator: "\n").first {
            html.raw(": <code>")
            html.text(String(first))
            html.raw("</code>")
        }
        html.raw(". The previous rules stay in force; <a href=\"#mapping\">every error</a> is below.</div>\n")
    }

    private static func cards(_ snapshot: Snapshot, into html: inout HTML) {
        let totals = snapshot.totals
        let seriesTotal = snapshot.live.seriesTotal
        let errorTotal = Self.errorRows(snapshot).reduce(UInt64(0)) { $0 &+ $1.count }
        let window = Self.seconds(snapshot.window.seconds)
        html.raw("<section class=\"cards\">\n")
        Self.card("uptime", "Uptime", Self.duration(snapshot.uptimeSeconds), "since start", into: &html)
        Self.card(
            "lines-rate",
            "Lines/s",
            Self.rate(snapshot.window.linesPerSecond),
            "\(snapshot.window.lines) lines in the last \(window)",
            into: &html
        )
        Self.card(
            "samples-rate",
            "Samples/s",
            Self.rate(snapshot.window.samplesPerSecond),
            "\(snapshot.window.samples) samples in the last \(window)",
            into: &html
        )
        Self.kernelDropsCard(snapshot.kernelDrops, into: &html)
        let familyTotal = snapshot.live.families.values.reduce(0, +)
        Self.card("series", "Series", String(seriesTotal), "\(familyTotal) families", into: &html)
        Self.card(
            "unmapped",
            "Unmapped events",
            String(totals.unmappedEvents),
            "\(totals.mapActions) mapped, \(totals.dropActions) discarded by action: drop",
            into: &html
        )
        Self.card("errors", "Errors", String(errorTotal), "lines, samples, tags, events", into: &html)
        html.raw("</section>\n")
    }

    /// Datagrams the kernel threw away before the bridge could read them: samples lost without any other trace, so
    /// the card turns red (class `alert`) while the count is rising (see ``DropTrend``).
    private static func kernelDropsCard(_ drops: DropTrend.Window?, into html: inout HTML) {
        guard let drops else {
            Self.card("kernel-drops", "Kernel UDP drops", "unknown", "no /proc/net/udp to read", into: &html)
            return
        }
        let window = Self.seconds(drops.seconds)
        Self.card(
            "kernel-drops",
            "Kernel UDP drops",
            String(drops.total),
            drops.rising
                ? "\(drops.recent) in the last \(window): receive buffer full, samples lost"
                : "none in the last \(window)",
            alert: drops.rising,
            into: &html
        )
    }

    private static func card(
        _ id: String,
        _ title: String,
        _ value: String,
        _ note: String,
        alert: Bool = false,
        into html: inout HTML
    ) {
        html.raw("<div class=\"\(alert ? "card alert" : "card")\" id=\"\(id)\"><div class=\"title\">")
        html.text(title)
        html.raw("</div><div class=\"value\">")
        html.text(value)
        html.raw("</div><div class=\"note\">")
        html.text(note)
        html.raw("</div></div>\n")
    }

    private struct ErrorRow {
        var metric: String
        var reason: String
        var meaning: String
        var count: UInt64
    }

    private static func errorRows(_ snapshot: Snapshot) -> [ErrorRow] {
        let totals = snapshot.totals
        let lineErrors = LineError.allCases.map { error in
            ErrorRow(
                metric: SelfMetricNames.sampleErrorsTotal,
                reason: error.rawValue,
                meaning: String(error.description.dropFirst(error.rawValue.count + 2)),
                count: totals.parse[error]
            )
        }
        // (metric, reason, meaning, count) of every other counted error.
        let others: [(String, String, String, UInt64)] = [
            (SelfMetricNames.tagErrorsTotal, "tag", "malformed tag", totals.parse.tagErrors),
            (
                SelfMetricNames.eventsErrorTotal, "empty_metric_name", "the mapped name is empty",
                totals.emptyMetricNames
            ),
            (
                SelfMetricNames.eventsErrorTotal, "illegal_negative_counter",
                "a counter sample below zero (Airflow 2.x sends one, dag_processing.processes:-1|c, per parsed DAG "
                    + "file: expected, see README)",
                totals.negativeCounters
            ),
            (
                SelfMetricNames.eventsConflictTotal, "conflict", "the name is already taken by another type",
                snapshot.conflicts.values.reduce(UInt64(0), &+)
            ),
            (
                SelfMetricNames.tcpTooLongLinesTotal, "tcp_too_long_line", "TCP line over --statsd.tcp-max-line-length",
                totals.tcpTooLongLines
            ),
            (
                SelfMetricNames.tcpConnectionErrorsTotal, "tcp_connection_error", "error reading from a TCP connection",
                totals.tcpConnectionErrors
            ),
        ]
        return lineErrors + others.map { ErrorRow(metric: $0.0, reason: $0.1, meaning: $0.2, count: $0.3) }
    }

    private static func errors(_ snapshot: Snapshot, into html: inout HTML) {
        html.raw("<section id=\"errors\">\n<h2>Errors by reason</h2>\n<table>\n")
        html.raw("<tr><th>Reason</th><th class=\"num\">Count</th></tr>\n")
        let rows = Self.errorRows(snapshot).enumerated().sorted {
            $0.element.count != $1.element.count ? $0.element.count > $1.element.count : $0.offset < $1.offset
        }
        for (_, row) in rows {
            html.raw(row.count == 0 ? "<tr class=\"zero\">" : "<tr>")
            html.raw("<td class=\"key\"><code title=\"")
            html.text(row.metric)
            html.raw("\">")
            html.text(row.reason)
            html.raw("</code><div class=\"meaning\">")
            html.text(row.meaning)
            html.raw("</div></td><td class=\"num\">\(row.count)</td></tr>\n")
        }
        html.raw("</table>\n")
        let conflicts = snapshot.conflicts.sorted { lhs, rhs in
            guard lhs.value == rhs.value else { return lhs.value > rhs.value }
            return (lhs.key.metricName, lhs.key.type) < (rhs.key.metricName, rhs.key.type)
        }
        if !conflicts.isEmpty {
            html.raw("<h3>Type conflicts</h3>\n<table>\n")
            html.raw("<tr><th>Metric name</th><th>Rejected type</th><th class=\"num\">Events</th></tr>\n")
            for (key, count) in conflicts.prefix(Self.conflictLimit) {
                html.raw("<tr><td><code>")
                html.text(key.metricName)
                html.raw("</code></td><td>")
                html.text(key.type)
                html.raw("</td><td class=\"num\">\(count)</td></tr>\n")
            }
            html.raw("</table>\n")
        }
        html.raw("</section>\n")
    }

    private static func unmapped(_ snapshot: Snapshot, into html: inout HTML) {
        html.raw("<section id=\"unmapped-names\">\n<h2>Top unmapped names</h2>\n")
        let entries = snapshot.unmapped.prefix(Self.unmappedLimit)
        if entries.isEmpty {
            html.raw("<p class=\"empty\">Every name seen so far matched a rule.</p>\n")
        } else {
            html.raw("<p class=\"hint\">No rule matches these StatsD names. Add rules for them to the mapping file; ")
            html.raw("<code>statsd-bridge explain --statsd.mapping-config=FILE 'NAME:1|c'</code> shows what a ")
            html.raw("line maps to.</p>\n<table>\n<tr><th>StatsD name</th><th class=\"num\">New series</th></tr>\n")
            for entry in entries {
                html.raw("<tr><td><code>")
                html.text(entry.name)
                html.raw("</code></td><td class=\"num\">\(entry.count)")
                if entry.error > 0 {
                    html.raw(" <span class=\"approx\">(±\(entry.error))</span>")
                }
                html.raw("</td></tr>\n")
            }
            html.raw("</table>\n")
        }
        html.raw("</section>\n")
    }

    /// Every rule of the file in file order, so a rule that never matched is there to see (marked `zero`).
    private static func rules(_ snapshot: Snapshot, into html: inout HTML) {
        var hits: [MatchedRule: UInt64] = [:]
        for entry in snapshot.ruleHits {
            hits[entry.rule] = entry.hits
        }
        let matched = snapshot.rules.filter { (hits[$0] ?? 0) > 0 }.count
        html.raw("<section id=\"rules\">\n<h2>Mapping rule hits</h2>\n")
        html.raw("<p class=\"hint\">\(matched) of \(snapshot.rules.count) rules matched so far ")
        html.raw("(a hit is a new series the rule produced).</p>\n")
        if !snapshot.rules.isEmpty {
            html.raw("<table>\n<tr><th class=\"num\">#</th><th>Match</th><th>Where</th>")
            html.raw("<th class=\"num\">Hits</th></tr>\n")
            for rule in snapshot.rules {
                let count = hits[rule] ?? 0
                html.raw(count == 0 ? "<tr class=\"zero\">" : "<tr>")
                html.raw("<td class=\"num\">\(rule.index)</td><td><code>")
                html.text(rule.match)
                html.raw("</code></td><td class=\"key\" title=\"")
                html.text(rule.location.description)
                html.raw("\">")
                html.text("\(Self.fileName(rule.location.file)):\(rule.location.line)")
                html.raw("</td><td class=\"num\">\(count)")
                if count == 0 {
                    html.raw(" <span class=\"never\">never matched</span>")
                }
                html.raw("</td></tr>\n")
            }
            html.raw("</table>\n")
        }
        html.raw("</section>\n")
    }

    /// The families with the most live series and their share of all series: where a cardinality problem (a label
    /// with unbounded values) shows first.
    private static func largestFamilies(_ snapshot: Snapshot, into html: inout HTML) {
        let total = snapshot.live.seriesTotal
        html.raw("<section id=\"largest-families\">\n<h2>Largest families</h2>\n")
        let families = snapshot.live.largest.prefix(Self.familyLimit)
        if families.isEmpty || total == 0 {
            html.raw("<p class=\"empty\">No live series yet.</p>\n")
        } else {
            html.raw("<p class=\"hint\">The \(families.count) families with the most of the \(total) live series. ")
            html.raw("One far above the rest usually has a label with unbounded values (an id, a timestamp).</p>\n")
            html.raw("<table>\n<tr><th>Family</th><th>Type</th><th class=\"num\">Series</th>")
            html.raw("<th class=\"num\">Share</th></tr>\n")
            for family in families {
                html.raw("<tr><td><code>")
                html.text(family.name)
                html.raw("</code></td><td>\(family.kind.name)</td><td class=\"num\">\(family.series)</td>")
                html.raw("<td class=\"num\">\(Self.fixed(Double(family.series) * 100 / Double(total), digits: 1))%")
                html.raw("</td></tr>\n")
            }
            html.raw("</table>\n")
        }
        html.raw("</section>\n")
    }

    /// Each remote-write endpoint: whether its last request landed, and the receiver's last complaint, which is
    /// what a user needs to fix a push (a wrong tenant header, an expired token, a receiver that is down).
    private static func remoteWrite(_ snapshot: Snapshot, into html: inout HTML) {
        guard !snapshot.remoteWrite.isEmpty else { return }
        html.raw("<section id=\"remote-write\">\n<h2>Remote write</h2>\n<table>\n")
        html.raw("<tr><th>Endpoint</th><th class=\"num\">Samples sent</th><th class=\"num\">Failed requests</th>")
        html.raw("<th>Last success</th><th>Last error</th></tr>\n")
        for endpoint in snapshot.remoteWrite {
            let failing = endpoint.lastError.map { error in endpoint.lastSuccess.map { $0 < error.at } ?? true }
            html.raw("<tr><td><code>")
            html.text(endpoint.name)
            html.raw("</code></td><td class=\"num\">\(endpoint.samplesSent)</td>")
            html.raw("<td class=\"num\">\(endpoint.failures)</td><td>")
            if let success = endpoint.lastSuccess {
                html.text(Self.duration(max(snapshot.nowUnixSeconds - success, 0)) + " ago")
            } else {
                html.raw("<span class=\"bad\">never</span>")
            }
            html.raw("</td><td>")
            if let error = endpoint.lastError {
                html.raw(failing == true ? "<span class=\"bad\">" : "<span>")
                html.text(Self.duration(max(snapshot.nowUnixSeconds - error.at, 0)) + " ago: " + error.message)
                html.raw("</span>")
            } else {
                html.raw("none")
            }
            html.raw("</td></tr>\n")
        }
        html.raw("</table>\n</section>\n")
    }

    private static func seriesByType(_ snapshot: Snapshot, into html: inout HTML) {
        html.raw("<section id=\"series-by-type\">\n<h2>Series by type</h2>\n<table>\n")
        html.raw("<tr><th>Type</th><th class=\"num\">Families</th><th class=\"num\">Series</th></tr>\n")
        for kind in SeriesKind.allCases {
            let series = snapshot.live.series[kind] ?? 0
            html.raw(series == 0 ? "<tr class=\"zero\">" : "<tr>")
            html.raw("<td>\(kind.name)</td><td class=\"num\">\(snapshot.live.families[kind] ?? 0)</td>")
            html.raw("<td class=\"num\">\(series)</td></tr>\n")
        }
        html.raw("</table>\n</section>\n")
    }

    private static func mapping(_ snapshot: Snapshot, into html: inout HTML) {
        html.raw("<section id=\"mapping\">\n<h2>Mapping configuration</h2>\n<table>\n<tr><th>File</th><td><code>")
        html.text(snapshot.mappingFile ?? "none (every metric is unmapped)")
        html.raw("</code></td></tr>\n<tr><th>Rules</th><td>\(snapshot.rules.count)</td></tr>\n")
        html.raw("<tr><th>Warnings</th><td>\(snapshot.warnings.count)</td></tr>\n<tr><th>Last reload</th><td>")
        if let reload = snapshot.lastReload {
            html.raw(reload.succeeded ? "<span class=\"ok\">succeeded</span> " : "<span class=\"bad\">failed</span> ")
            html.text(Self.utc(reload.unixSeconds))
            html.raw(" (")
            html.text(Self.duration(max(snapshot.nowUnixSeconds - reload.unixSeconds, 0)))
            html.raw(" ago)")
        } else {
            html.raw("none since start (loaded at startup)")
        }
        html.raw("</td></tr>\n<tr><th>Reloads</th><td>\(snapshot.reloads.success) succeeded, ")
        html.raw("\(snapshot.reloads.failure) failed</td></tr>\n</table>\n")
        if let reload = snapshot.lastReload, !reload.succeeded, !reload.message.isEmpty {
            html.raw("<p class=\"hint\">The last reload failed; the previous rules stay in force:</p>\n<pre>")
            html.text(reload.message)
            html.raw("</pre>\n")
        }
        if !snapshot.warnings.isEmpty {
            html.raw("<h3>Warnings</h3>\n<ul>\n")
            for warning in snapshot.warnings {
                html.raw("<li><code>")
                html.text(warning)
                html.raw("</code></li>\n")
            }
            html.raw("</ul>\n")
        }
        html.raw("</section>\n")
    }

    private static func traffic(_ snapshot: Snapshot, into html: inout HTML) {
        let totals = snapshot.totals
        let rows: [(String, String)] = [
            ("Lines", String(totals.parse.lines)),
            ("Samples", String(totals.parse.samples)),
            ("Tagged samples", String(totals.parse.taggedSamples)),
            ("UDP packets", String(totals.udpPackets)),
            ("TCP connections", String(totals.tcpConnections)),
            ("Unixgram packets", String(totals.unixgramPackets)),
            ("Unix stream connections", String(totals.unixConnections)),
            ("Counter events", String(totals.counterEvents)),
            ("Gauge events", String(totals.gaugeEvents)),
            ("Observer events", String(totals.observerEvents)),
        ]
        html.raw("<section id=\"traffic\">\n<h2>Traffic since start</h2>\n<table>\n")
        for (name, value) in rows {
            html.raw("<tr><th>")
            html.text(name)
            html.raw("</th><td class=\"num\">")
            html.text(value)
            html.raw("</td></tr>\n")
        }
        html.raw("<tr><th>UDP receive buffer<div class=\"meaning\">a larger one absorbs bursts the kernel would ")
        html.raw("drop</div></th><td class=\"num\">")
        html.text(snapshot.readBufferBytes > 0 ? "\(snapshot.readBufferBytes) bytes" : "OS default")
        if let maximum = snapshot.receiveBufferMaximum {
            html.text(" (rmem_max \(maximum))")
        }
        html.raw("</td></tr>\n</table>\n<h3>Listening on</h3>\n<table>\n")
        for listener in snapshot.listeners {
            html.raw("<tr><th>")
            html.text(listener.kind)
            html.raw("</th><td><code>")
            html.text(listener.address)
            html.raw("</code></td></tr>\n")
        }
        html.raw("</table>\n</section>\n")
    }

    // MARK: Formatting

    /// Escapes `&`, `<`, `>`, `"` and `'`, so text is safe in element content and in quoted attribute values.
    package static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `1d 02h 03m 04s`, leading zero units left out: `5m 06s`, `12s`.
    package static func duration(_ seconds: Double) -> String {
        let total = seconds.isFinite && seconds > 0 ? Int(seconds) : 0
        let (days, hours, minutes, secs) = (total / 86400, total / 3600 % 24, total / 60 % 60, total % 60)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        if days > 0 { return "\(days)d \(two(hours))h \(two(minutes))m \(two(secs))s" }
        if hours > 0 { return "\(hours)h \(two(minutes))m \(two(secs))s" }
        if minutes > 0 { return "\(minutes)m \(two(secs))s" }
        return "\(secs)s"
    }

    /// A rate with two decimals below 10, one below 1000, none above: `0.25`, `12.5`, `48210`.
    package static func rate(_ value: Double) -> String {
        let digits = value < 10 ? 2 : value < 1000 ? 1 : 0
        return Self.fixed(value, digits: digits)
    }

    /// The last component of a path: rule locations name the mapping file, whose full path the mapping section shows.
    private static func fileName(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
    }

    /// A window length such as `60 s` or `12.3 s`.
    private static func seconds(_ value: Double) -> String {
        value >= 59.5 ? "\(Int(value.rounded())) s" : "\(Self.fixed(value, digits: 1)) s"
    }

    /// `value` rounded to `digits` decimals, without Foundation.
    package static func fixed(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Inf" : "+Inf") }
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * Double(scale)).rounded()
        guard scaled < 9e18 else { return String(value) }
        let units = UInt64(scaled)
        let sign = value < 0 && units > 0 ? "-" : ""
        guard digits > 0 else { return sign + String(units) }
        var fraction = String(units % scale)
        while fraction.count < digits { fraction = "0" + fraction }
        return sign + String(units / scale) + "." + fraction
    }

    /// `2025-11-25 07:06:15 UTC`, from the proleptic Gregorian calendar (Howard Hinnant's `civil_from_days`).
    package static func utc(_ unixSeconds: Double) -> String {
        let seconds = Int64(unixSeconds.isFinite ? unixSeconds.rounded(.down) : 0)
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(year)-\(two(month))-\(two(day)) \(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):"
            + "\(two(secondOfDay % 60)) UTC"
    }

    /// An output buffer that keeps markup and text apart, so nothing from traffic is written unescaped.
    private struct HTML {
        private(set) var output = ""

        init() {
            self.output.reserveCapacity(16384)
        }

        /// Appends markup written in this file.
        mutating func raw(_ markup: String) {
            self.output += markup
        }

        /// Appends text, escaped.
        mutating func text(_ text: String) {
            self.output += StatusPage.escape(text)
        }
    }

    private static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
        header{display:flex;align-items:baseline;gap:1em;padding:14px 24px;background:#1d2330;color:#fff}
        header h1{margin:0;font-size:22px}header .version{color:#aab}
        header nav{margin-left:auto}header nav a{color:#8cf;margin-left:1.2em;text-decoration:none}
        .cards{display:flex;flex-wrap:wrap;gap:12px;padding:16px 24px 0}
        .card{background:#fff;border-radius:8px;padding:12px 16px;min-width:150px;flex:1;box-shadow:0 1px 2px #0002}
        .card .title{font-size:12px;text-transform:uppercase;color:#667;letter-spacing:.05em}
        .card .value{font-size:28px;font-weight:600;margin:4px 0}.card .note{font-size:12px;color:#667}
        .card.alert{background:#fbeaea;box-shadow:0 0 0 2px #b3261e}.card.alert .value,.card.alert .note{color:#b3261e}
        .banner{margin:16px 24px 0;padding:10px 16px;border-radius:8px;background:#b3261e;color:#fff;font-size:14px}
        .banner code{font-size:13px;color:#fff}.banner a{color:#fff}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:12px;padding:12px 24px}
        section{background:#fff;border-radius:8px;padding:8px 16px 12px;box-shadow:0 1px 2px #0002;overflow-x:auto}
        h2{font-size:16px;margin:8px 0}h3{font-size:14px;margin:12px 0 6px}
        table{border-collapse:collapse;width:100%;font-size:13px}
        th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #eef}th{color:#445;font-weight:600}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        tr.zero td{color:#aab}.never{color:#8a5a00;background:#fff3cd;border-radius:4px;padding:0 5px;font-size:11px}
        code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
        td.key{white-space:nowrap}td.key code{word-break:normal}
        .meaning{white-space:normal;font-size:11px;color:#778;font-weight:400}
        .hint,.empty{font-size:12px;color:#556}.approx{color:#99a;font-size:11px}
        .ok{color:#176f2c;font-weight:600}.bad{color:#b3261e;font-weight:600}
        pre{background:#fbeaea;padding:8px;white-space:pre-wrap;font-size:12px}
        footer{padding:0 24px 16px;font-size:12px;color:#667}
        """
}
