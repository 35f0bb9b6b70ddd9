import Aggregation
import ConfigSupport
import Ingest
import Listeners
import Mapping
import NIOCore
import RemoteWrite
import StatsDProtocol
import Status

extension StatsDBridge {
    /// Everything the status page shows, read now.
    ///
    /// - Parameter refreshSeconds: the page's automatic refresh interval; 0 for none.
    package func statusSnapshot(refreshSeconds: Int = 5) -> StatusPage.Snapshot {
        let now = NIODeadline.now().uptimeNanoseconds
        let totals = self.metrics.currentTotals
        let window = self.recentRates.window(
            current: RecentRates.Reading(nanoseconds: now, lines: totals.parse.lines, samples: totals.parse.samples)
        )
        let live = self.store.liveCounts(largest: StatusPage.familyLimit)
        let drops = ProcessStatistics.udpSocketDrops(ports: self.udpPorts).map {
            self.dropTrend.record(DropTrend.Reading(nanoseconds: now, drops: UInt64(max($0, 0))))
        }
        let configuration = self.configuration
        var listeners: [(kind: String, address: String)] = []
        if let udp = configuration.udpAddress { listeners.append(("StatsD UDP", udp.description)) }
        if let tcp = configuration.tcpAddress { listeners.append(("StatsD TCP", tcp.description)) }
        if let path = configuration.unixgramPath { listeners.append(("StatsD unixgram", path)) }
        if let path = configuration.unixStreamPath { listeners.append(("StatsD unix stream", path)) }
        if let web = configuration.webAddress { listeners.append(("HTTP", web.description)) }
        let mapping = self.mappingState.config
        var page = StatusPage.Snapshot(
            version: configuration.version,
            uptimeSeconds: self.uptimeSeconds,
            nowUnixSeconds: ProcessStatistics.wallClockSeconds(),
            telemetryPath: configuration.telemetryPath,
            listeners: listeners,
            kernelDrops: drops,
            readBufferBytes: configuration.readBufferBytes,
            receiveBufferMaximum: ProcessStatistics.receiveBufferMaximum(),
            window: window,
            totals: totals,
            conflicts: self.metrics.currentConflicts,
            unmapped: self.unmappedNames.top(StatusPage.unmappedLimit),
            rules: mapping.rules,
            ruleHits: self.ruleHits.entries,
            live: live,
            mappingFile: configuration.mappingConfigPath,
            warnings: mapping.warnings.map(\.description),
            lastReload: self.lastReload.latest,
            reloads: self.metrics.currentReloads,
            refreshSeconds: refreshSeconds
        )
        page.remoteWrite = (self.remoteWriteMetrics?.status() ?? []).map {
            StatusPage.RemoteWriteEndpoint(
                name: $0.name,
                samplesSent: $0.samplesSent,
                failures: $0.failures,
                lastSuccess: $0.lastSuccess,
                lastError: $0.lastError
            )
        }
        return page
    }

    /// The status page's HTML; see ``StatusPage``.
    package func renderStatusPage(refreshSeconds: Int = 5) -> String {
        StatusPage.render(self.statusSnapshot(refreshSeconds: refreshSeconds))
    }
}
