import Aggregation
import Mapping
import StatsDProtocol

extension StatsDBridge {
    /// The self-metrics as families, with statsd_exporter's names, types and labels. Labelled counters show only
    /// the label values seen so far, as client_golang's vectors do.
    func selfMetricFamilies() -> [MetricFamilySnapshot] {
        let totals = self.metrics.currentTotals
        let reloads = self.metrics.currentReloads
        let mapping = self.mappingState.config
        let cache = self.mappingState.cache
        var families: [MetricFamilySnapshot] = [
            Self.counter(Names.eventsTotal, Names.eventsTotalHelp, label: "type", [
                ("counter", totals.counterEvents), ("gauge", totals.gaugeEvents), ("observer", totals.observerEvents),
            ]),
            Self.counter(Names.eventsUnmappedTotal, Names.eventsUnmappedTotalHelp, totals.unmappedEvents),
            Self.counter(Names.eventsActionsTotal, Names.eventsActionsTotalHelp, label: "action", [
                ("drop", totals.dropActions), ("map", totals.mapActions),
            ]),
            Self.counter(Names.eventsErrorTotal, Names.eventsErrorTotalHelp, label: "reason", [
                ("empty_metric_name", totals.emptyMetricNames), ("illegal_negative_counter", totals.negativeCounters),
            ]),
            Self.counter(Names.udpPacketsTotal, Names.udpPacketsTotalHelp, totals.udpPackets),
            Self.counter(Names.udpPacketDropsTotal, Names.udpPacketDropsTotalHelp, UInt64(0)),
            Self.counter(Names.tcpConnectionsTotal, Names.tcpConnectionsTotalHelp, totals.tcpConnections),
            Self.counter(Names.tcpConnectionErrorsTotal, Names.tcpConnectionErrorsTotalHelp, totals.tcpConnectionErrors),
            Self.counter(Names.tcpTooLongLinesTotal, Names.tcpTooLongLinesTotalHelp, totals.tcpTooLongLines),
            Self.counter(Names.unixgramPacketsTotal, Names.unixgramPacketsTotalHelp, totals.unixgramPackets),
            Self.counter(Names.linesTotal, Names.linesTotalHelp, totals.parse.lines),
            Self.counter(Names.samplesTotal, Names.samplesTotalHelp, totals.parse.samples),
            Self.counter(Names.sampleErrorsTotal, Names.sampleErrorsTotalHelp, label: "reason",
                LineError.allCases.map { ($0.rawValue, totals.parse[$0]) }),
            Self.counter(Names.tagsTotal, Names.tagsTotalHelp, totals.parse.taggedSamples),
            Self.counter(Names.tagErrorsTotal, Names.tagErrorsTotalHelp, totals.parse.tagErrors),
            Self.counter(Names.configReloadsTotal, Names.configReloadsTotalHelp, label: "outcome", [
                ("failure", reloads.failure), ("success", reloads.success),
            ]),
            Self.counter(Names.seriesDroppedTotal, Names.seriesDroppedTotalHelp, label: "reason", [
                ("limit", totals.seriesRefused),
            ]),
            Self.gauge(Names.loadedMappings, Names.loadedMappingsHelp, [], Double(mapping.ruleCount)),
            Self.gauge(Names.cacheLength, Names.cacheLengthHelp, [], Double(cache.length)),
            Self.counter(Names.cacheGetsTotal, Names.cacheGetsTotalHelp, cache.gets),
            Self.counter(Names.cacheHitsTotal, Names.cacheHitsTotalHelp, cache.hits),
            Self.gauge(Names.buildInfo, Names.buildInfoHelp, [
                Label(name: "branch", value: ""),
                Label(name: "goarch", value: Self.architecture),
                Label(name: "goos", value: "linux"),
                Label(name: "goversion", value: "swift"),
                Label(name: "revision", value: ""),
                Label(name: "tags", value: ""),
                Label(name: "version", value: self.configuration.version),
            ], 1),
            Self.gauge(Names.processStartTime, Names.processStartTimeHelp, [], self.startTimeUnixSeconds.rounded(.down)),
            Self.counter(Names.processCPUSeconds, Names.processCPUSecondsHelp, ProcessStatistics.cpuSeconds()),
        ]
        families += self.bridgeFamilies()
        if let rss = ProcessStatistics.residentMemoryBytes() {
            families.append(Self.gauge(Names.processResidentMemory, Names.processResidentMemoryHelp, [], rss))
        }
        if let relay = self.relay {
            let counters = relay.counters
            let target = [Label(name: "target", value: relay.target)]
            for (name, help, value) in [
                (Names.relayPacketsTotal, Names.relayPacketsTotalHelp, counters.packets),
                (Names.relayLongLinesTotal, Names.relayLongLinesTotalHelp, counters.longLines),
                (Names.relayLinesRelayedTotal, Names.relayLinesRelayedTotalHelp, counters.linesRelayed),
                (Names.relaySendErrorsTotal, Names.relaySendErrorsTotalHelp, counters.sendErrors),
            ] {
                families.append(
                    MetricFamilySnapshot(name: name, help: help, kind: .counter, series: [
                        SeriesSnapshot(labels: target, value: .scalar(Double(value)))
                    ])
                )
            }
        }
        let live = self.store.liveFamilyCounts()
        families.append(
            MetricFamilySnapshot(
                name: Names.metricsTotal,
                help: Names.metricsTotalHelp,
                kind: .gauge,
                series: SeriesKind.allCases.compactMap { kind in
                    live[kind].map { SeriesSnapshot(labels: [Label(name: "type", value: kind.name)], value: .scalar(Double($0))) }
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
                name: Names.eventsConflictTotal,
                help: Names.eventsConflictTotalHelp,
                kind: .counter,
                series: conflicts.sorted { $0.labels.lexicographicallyPrecedes($1.labels) }
            )
        )
        return families.filter { !$0.series.isEmpty }
    }

    /// Our own `statsd_bridge_*` families. Each appears once it has something to say (a non-zero count, or a limit
    /// that is set), so a bridge that hits no limit exposes exactly what statsd_exporter does.
    private func bridgeFamilies() -> [MetricFamilySnapshot] {
        var families: [MetricFamilySnapshot] = []
        func counter(_ name: String, _ help: String, _ value: UInt64) {
            if value > 0 { families.append(Self.counter(name, help, value)) }
        }
        counter(Names.tcpConnectionsRejectedTotal, Names.tcpConnectionsRejectedTotalHelp, self.tcpConnections.rejected)
        counter(Names.tcpIdleClosedTotal, Names.tcpIdleClosedTotalHelp, self.tcpConnections.idleClosed)
        if let drops = ProcessStatistics.udpSocketDrops(ports: self.udpPorts), drops > 0 {
            families.append(Self.counter(Names.udpReceiveBufferDropsTotal, Names.udpReceiveBufferDropsTotalHelp, drops))
        }
        if self.tcpConnections.open > 0 {
            families.append(Self.gauge(Names.tcpConnectionsOpen, Names.tcpConnectionsOpenHelp, [], Double(self.tcpConnections.open)))
        }
        if self.configuration.maxSeries > 0 {
            families.append(Self.gauge(Names.seriesCount, Names.seriesCountHelp, [], Double(self.store.seriesCount)))
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
        MetricFamilySnapshot(name: name, help: help, kind: .counter, series: [SeriesSnapshot(labels: [], value: .scalar(value))])
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

    private static func gauge(_ name: String, _ help: String, _ labels: [Label], _ value: Double) -> MetricFamilySnapshot {
        MetricFamilySnapshot(name: name, help: help, kind: .gauge, series: [SeriesSnapshot(labels: labels, value: .scalar(value))])
    }
}
