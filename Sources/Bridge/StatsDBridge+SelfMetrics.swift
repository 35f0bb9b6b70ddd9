import Aggregation
import Ingest
import Listeners
import Mapping
import RemoteWrite
import StatsDProtocol
import Status

extension StatsDBridge {
    /// The self-metrics as families, with statsd_exporter's names, types and labels. Labelled counters show only
    /// the label values seen so far, as client_golang's vectors do.
    func selfMetricFamilies() -> [MetricFamilySnapshot] {
        let totals = self.metrics.currentTotals
        let reloads = self.metrics.currentReloads
        let mapping = self.mappingState.config
        let cache = self.mappingState.cache
        var families: [MetricFamilySnapshot] = [
            Self.counter(
                SelfMetricNames.eventsTotal,
                SelfMetricNames.eventsTotalHelp,
                label: "type",
                [
                    ("counter", totals.counterEvents), ("gauge", totals.gaugeEvents),
                    ("observer", totals.observerEvents),
                ]
            ),
            Self.counter(
                SelfMetricNames.eventsUnmappedTotal,
                SelfMetricNames.eventsUnmappedTotalHelp,
                totals.unmappedEvents
            ),
            Self.counter(
                SelfMetricNames.eventsActionsTotal,
                SelfMetricNames.eventsActionsTotalHelp,
                label: "action",
                [
                    ("drop", totals.dropActions), ("map", totals.mapActions),
                ]
            ),
            Self.counter(
                SelfMetricNames.eventsErrorTotal,
                SelfMetricNames.eventsErrorTotalHelp,
                label: "reason",
                [
                    ("empty_metric_name", totals.emptyMetricNames),
                    ("illegal_negative_counter", totals.negativeCounters),
                ]
            ),
            Self.counter(SelfMetricNames.udpPacketsTotal, SelfMetricNames.udpPacketsTotalHelp, totals.udpPackets),
            Self.counter(SelfMetricNames.udpPacketDropsTotal, SelfMetricNames.udpPacketDropsTotalHelp, UInt64(0)),
            Self.counter(
                SelfMetricNames.tcpConnectionsTotal,
                SelfMetricNames.tcpConnectionsTotalHelp,
                totals.tcpConnections
            ),
            Self.counter(
                SelfMetricNames.tcpConnectionErrorsTotal,
                SelfMetricNames.tcpConnectionErrorsTotalHelp,
                totals.tcpConnectionErrors
            ),
            Self.counter(
                SelfMetricNames.tcpTooLongLinesTotal,
                SelfMetricNames.tcpTooLongLinesTotalHelp,
                totals.tcpTooLongLines
            ),
            Self.counter(
                SelfMetricNames.unixgramPacketsTotal,
                SelfMetricNames.unixgramPacketsTotalHelp,
                totals.unixgramPackets
            ),
            Self.counter(SelfMetricNames.linesTotal, SelfMetricNames.linesTotalHelp, totals.parse.lines),
            Self.counter(SelfMetricNames.samplesTotal, SelfMetricNames.samplesTotalHelp, totals.parse.samples),
            Self.counter(
                SelfMetricNames.sampleErrorsTotal,
                SelfMetricNames.sampleErrorsTotalHelp,
                label: "reason",
                LineError.allCases.map { ($0.rawValue, totals.parse[$0]) }
            ),
            Self.counter(SelfMetricNames.tagsTotal, SelfMetricNames.tagsTotalHelp, totals.parse.taggedSamples),
            Self.counter(SelfMetricNames.tagErrorsTotal, SelfMetricNames.tagErrorsTotalHelp, totals.parse.tagErrors),
            Self.counter(
                SelfMetricNames.configReloadsTotal,
                SelfMetricNames.configReloadsTotalHelp,
                label: "outcome",
                [
                    ("failure", reloads.failure), ("success", reloads.success),
                ]
            ),
            Self.counter(
                SelfMetricNames.seriesDroppedTotal,
                SelfMetricNames.seriesDroppedTotalHelp,
                label: "reason",
                [
                    ("limit", totals.seriesRefused)
                ]
            ),
            Self.gauge(
                SelfMetricNames.loadedMappings,
                SelfMetricNames.loadedMappingsHelp,
                [],
                Double(mapping.ruleCount)
            ),
            Self.gauge(SelfMetricNames.cacheLength, SelfMetricNames.cacheLengthHelp, [], Double(cache.length)),
            Self.counter(SelfMetricNames.cacheGetsTotal, SelfMetricNames.cacheGetsTotalHelp, cache.gets),
            Self.counter(SelfMetricNames.cacheHitsTotal, SelfMetricNames.cacheHitsTotalHelp, cache.hits),
            Self.gauge(
                SelfMetricNames.buildInfo,
                SelfMetricNames.buildInfoHelp,
                [
                    Label(name: "branch", value: ""),
                    Label(name: "goarch", value: Self.architecture),
                    Label(name: "goos", value: "linux"),
                    Label(name: "goversion", value: "swift"),
                    Label(name: "revision", value: ""),
                    Label(name: "tags", value: ""),
                    Label(name: "version", value: self.configuration.version),
                ],
                1
            ),
            Self.gauge(
                SelfMetricNames.processStartTime,
                SelfMetricNames.processStartTimeHelp,
                [],
                self.startTimeUnixSeconds.rounded(.down)
            ),
            Self.counter(
                SelfMetricNames.processCPUSeconds,
                SelfMetricNames.processCPUSecondsHelp,
                ProcessStatistics.cpuSeconds()
            ),
        ]
        families += self.bridgeFamilies(totals)
        if let rss = ProcessStatistics.residentMemoryBytes() {
            families.append(
                Self.gauge(SelfMetricNames.processResidentMemory, SelfMetricNames.processResidentMemoryHelp, [], rss)
            )
        }
        if let relay = self.relay {
            let counters = relay.counters
            let target = [Label(name: "target", value: relay.target)]
            for (name, help, value) in [
                (SelfMetricNames.relayPacketsTotal, SelfMetricNames.relayPacketsTotalHelp, counters.packets),
                (SelfMetricNames.relayLongLinesTotal, SelfMetricNames.relayLongLinesTotalHelp, counters.longLines),
                (
                    SelfMetricNames.relayLinesRelayedTotal, SelfMetricNames.relayLinesRelayedTotalHelp,
                    counters.linesRelayed
                ),
                (SelfMetricNames.relaySendErrorsTotal, SelfMetricNames.relaySendErrorsTotalHelp, counters.sendErrors),
            ] {
                families.append(
                    MetricFamilySnapshot(
                        name: name,
                        help: help,
                        kind: .counter,
                        series: [
                            SeriesSnapshot(labels: target, value: .scalar(Double(value)))
                        ]
                    )
                )
            }
        }
        let live = self.store.liveFamilyCounts()
        families.append(
            MetricFamilySnapshot(
                name: SelfMetricNames.metricsTotal,
                help: SelfMetricNames.metricsTotalHelp,
                kind: .gauge,
                series: SeriesKind.allCases.compactMap { kind in
                    live[kind].map {
                        SeriesSnapshot(labels: [Label(name: "type", value: kind.name)], value: .scalar(Double($0)))
                    }
                }
            )
        )
        let conflicts = self.metrics.currentConflicts.map { key, count in
            SeriesSnapshot(
                labels: [Label(name: "metric_name", value: key.metricName), Label(name: "type", value: key.type)],
                value: .scalar(Double(count))
            )
        }
        families.append(
            MetricFamilySnapshot(
                name: SelfMetricNames.eventsConflictTotal,
                help: SelfMetricNames.eventsConflictTotalHelp,
                kind: .counter,
                series: conflicts.sorted { $0.labels.lexicographicallyPrecedes($1.labels) }
            )
        )
        return families.filter { !$0.series.isEmpty }
    }

    /// Our own `statsd_bridge_*` families. Each appears once it has something to say (a non-zero count, or a limit
    /// or listener of ours that is set), so a bridge that hits no limit exposes exactly what statsd_exporter does.
    private func bridgeFamilies(_ totals: IngestTotals) -> [MetricFamilySnapshot] {
        var families: [MetricFamilySnapshot] = []
        func counter(_ name: String, _ help: String, _ value: UInt64) {
            if value > 0 { families.append(Self.counter(name, help, value)) }
        }
        if self.configuration.unixStreamPath != nil {
            families.append(
                Self.counter(
                    SelfMetricNames.unixConnectionsTotal,
                    SelfMetricNames.unixConnectionsTotalHelp,
                    totals.unixConnections
                )
            )
        }
        counter(
            SelfMetricNames.tcpConnectionsRejectedTotal,
            SelfMetricNames.tcpConnectionsRejectedTotalHelp,
            self.tcpConnections.rejected
        )
        counter(
            SelfMetricNames.tcpIdleClosedTotal,
            SelfMetricNames.tcpIdleClosedTotalHelp,
            self.tcpConnections.idleClosed
        )
        if let drops = ProcessStatistics.udpSocketDrops(ports: self.udpPorts), drops > 0 {
            families.append(
                Self.counter(
                    SelfMetricNames.udpReceiveBufferDropsTotal,
                    SelfMetricNames.udpReceiveBufferDropsTotalHelp,
                    drops
                )
            )
        }
        if self.tcpConnections.open > 0 {
            families.append(
                Self.gauge(
                    SelfMetricNames.tcpConnectionsOpen,
                    SelfMetricNames.tcpConnectionsOpenHelp,
                    [],
                    Double(self.tcpConnections.open)
                )
            )
        }
        families += self.remoteWriteMetrics?.families() ?? []
        if self.configuration.maxSeries > 0 {
            families.append(
                Self.gauge(
                    SelfMetricNames.seriesCount,
                    SelfMetricNames.seriesCountHelp,
                    [],
                    Double(self.store.seriesCount)
                )
            )
        }
        return families
    }

    private static var architecture: String {
        #if arch(x86_64)
        "amd64"
        #elseif arch(arm64)
        "arm64"
        #else
        "unknown"
        #endif
    }

    private static func counter(_ name: String, _ help: String, _ value: UInt64) -> MetricFamilySnapshot {
        Self.counter(name, help, Double(value))
    }

    private static func counter(_ name: String, _ help: String, _ value: Double) -> MetricFamilySnapshot {
        MetricFamilySnapshot(
            name: name,
            help: help,
            kind: .counter,
            series: [SeriesSnapshot(labels: [], value: .scalar(value))]
        )
    }

    private static func counter(
        _ name: String,
        _ help: String,
        label: String,
        _ values: [(String, UInt64)]
    ) -> MetricFamilySnapshot {
        let series = values.filter { $0.1 > 0 }.sorted { $0.0 < $1.0 }.map {
            SeriesSnapshot(labels: [Label(name: label, value: $0.0)], value: .scalar(Double($0.1)))
        }
        return MetricFamilySnapshot(name: name, help: help, kind: .counter, series: series)
    }

    private static func gauge(
        _ name: String,
        _ help: String,
        _ labels: [Label],
        _ value: Double
    ) -> MetricFamilySnapshot {
        MetricFamilySnapshot(
            name: name,
            help: help,
            kind: .gauge,
            series: [SeriesSnapshot(labels: labels, value: .scalar(value))]
        )
    }
}
