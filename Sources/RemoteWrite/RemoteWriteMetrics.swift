import Aggregation
import Synchronization

/// What remote write has done, per endpoint: the `statsd_bridge_remote_write_*` self-metrics and the status page's
/// remote-write table. Written by the pushers, read by scrapes; one lock, taken once per request.
package final class RemoteWriteMetrics: Sendable {
    /// One endpoint as the status page shows it.
    package struct EndpointStatus: Sendable {
        package var name: String
        package var url: String
        package var samplesSent: UInt64
        package var failures: UInt64
        /// Unix seconds of the last accepted request; `nil` before the first.
        package var lastSuccess: Double?
        /// The latest failure: when (Unix seconds) and what the receiver or the network said.
        package var lastError: (at: Double, message: String)?
    }

    private struct Counts {
        var samplesSent: UInt64 = 0
        var samplesRejected: UInt64 = 0
        var samplesSuperseded: UInt64 = 0
        var requestsSent: UInt64 = 0
        var requestsFailed: [PushFailure: UInt64] = [:]
        var requestsRetried: UInt64 = 0
        var bytesSent: UInt64 = 0
        var lastSuccess: Double?
        var lastError: (at: Double, message: String)?
        var durations = DurationHistogram()
    }

    /// Push durations in the buckets Prometheus' own `prometheus_remote_storage_sent_batch_duration_seconds` uses.
    private struct DurationHistogram {
        static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 60]
        var counts = [UInt64](repeating: 0, count: Self.bounds.count)
        var sum = 0.0
        var count: UInt64 = 0

        mutating func observe(_ seconds: Double) {
            for (index, bound) in Self.bounds.enumerated() where seconds <= bound {
                self.counts[index] += 1
            }
            self.sum += seconds
            self.count += 1
        }
    }

    private let endpoints: [(name: String, url: String)]
    private let counts: Mutex<[Counts]>

    /// - Parameter endpoints: each endpoint's name and URL, in the order pushers refer to them.
    package init(endpoints: [(name: String, url: String)]) {
        self.endpoints = endpoints
        self.counts = Mutex(Array(repeating: Counts(), count: endpoints.count))
    }

    // MARK: Recording

    func sent(_ endpoint: Int, samples: Int, bytes: Int, at now: Double) {
        self.counts.withLock {
            $0[endpoint].samplesSent += UInt64(samples)
            $0[endpoint].requestsSent += 1
            $0[endpoint].bytesSent += UInt64(bytes)
            $0[endpoint].lastSuccess = now
        }
    }

    func failed(_ endpoint: Int, _ failure: PushFailure, message: String, at now: Double) {
        self.counts.withLock {
            $0[endpoint].requestsFailed[failure, default: 0] += 1
            $0[endpoint].lastError = (now, message)
        }
    }

    func retried(_ endpoint: Int) {
        self.counts.withLock { $0[endpoint].requestsRetried += 1 }
    }

    /// Samples of a request the receiver refused (4xx other than 429), which are not sent again.
    func rejected(_ endpoint: Int, samples: Int) {
        self.counts.withLock { $0[endpoint].samplesRejected += UInt64(samples) }
    }

    /// Samples left unsent when a newer snapshot took over; the newer one carries their (cumulative) values.
    func superseded(_ endpoint: Int, samples: Int) {
        self.counts.withLock { $0[endpoint].samplesSuperseded += UInt64(samples) }
    }

    func pushed(_ endpoint: Int, seconds: Double) {
        self.counts.withLock { $0[endpoint].durations.observe(seconds) }
    }

    // MARK: Reading

    /// The self-metric families, every endpoint's series labelled with its `url`.
    package func families() -> [MetricFamilySnapshot] {
        let counts = self.counts.withLock { $0 }
        let urls = self.endpoints.map(\.url)
        func series(_ value: (Counts) -> Double) -> [SeriesSnapshot] {
            zip(urls, counts).map { SeriesSnapshot(labels: [Label(name: "url", value: $0)], value: .scalar(value($1))) }
        }
        func reasons(_ values: (Counts) -> [(String, UInt64)]) -> [SeriesSnapshot] {
            zip(urls, counts).flatMap { url, count in
                values(count).filter { $0.1 > 0 }.sorted { $0.0 < $1.0 }.map {
                    SeriesSnapshot(
                        labels: [Label(name: "reason", value: $0.0), Label(name: "url", value: url)],
                        value: .scalar(Double($0.1))
                    )
                }
            }
        }
        let durations = zip(urls, counts).map { url, count in
            SeriesSnapshot(
                labels: [Label(name: "url", value: url)],
                value: .histogram(
                    buckets: zip(DurationHistogram.bounds, count.durations.counts).map {
                        BucketCount(upperBound: $0, count: $1)
                    },
                    sum: count.durations.sum,
                    count: count.durations.count
                )
            )
        }
        let families = [
            MetricFamilySnapshot(
                name: "statsd_bridge_remote_write_samples_sent_total",
                help: "Samples (float samples and native histograms) the remote-write receiver accepted.",
                kind: .counter,
                series: series { Double($0.samplesSent) }
            ),
            MetricFamilySnapshot(
                name: "statsd_bridge_remote_write_samples_dropped_total",
                help: "Samples not delivered: refused by the receiver (rejected), or left unsent when a newer "
                    + "snapshot, which carries their cumulative values, took over (superseded).",
                kind: .counter,
                series: reasons { [("rejected", $0.samplesRejected), ("superseded", $0.samplesSuperseded)] }
            ),
            MetricFamilySnapshot(
                name: "statsd_bridge_remote_write_requests_sent_total",
                help: "Remote-write requests answered with 2xx.",
                kind: .counter,
                series: series { Double($0.requestsSent) }
            ),
            MetricFamilySnapshot(
                name: "statsd_bridge_remote_write_requests_failed_total",
                help: "Remote-write requests that failed, by reason: server_error (5xx), too_many_requests (429), "
                    + "client_error (other statuses, not retried) and network (no answer in time).",
                kind: .counter,
                series: reasons { count in PushFailure.allCases.map { ($0.rawValue, count.requestsFailed[$0] ?? 0) } }
            ),
            MetricFamilySnapshot(
                name: "statsd_bridge_remote_write_requests_retried_total",
                help: "Remote-write requests sent again after a retryable failure.",
                kind: .counter,
                series: series { Double($0.requestsRetried) }
            ),
            MetricFamilySnapshot(
                name: "statsd_bridge_remote_write_bytes_sent_total",
                help: "Compressed request bytes the remote-write receiver accepted.",
                kind: .counter,
                series: series { Double($0.bytesSent) }
            ),
            MetricFamilySnapshot(
                name: "statsd_bridge_remote_write_last_success_timestamp_seconds",
                help: "Unix time of the last remote-write request the receiver accepted; 0 before the first.",
                kind: .gauge,
                series: series { $0.lastSuccess ?? 0 }
            ),
            MetricFamilySnapshot(
                name: "statsd_bridge_remote_write_push_duration_seconds",
                help: "Time to push one snapshot: encoding, compressing and every request, retries included.",
                kind: .histogram,
                series: durations
            ),
        ]
        return families.filter { !$0.series.isEmpty }
    }

    /// Every endpoint, for the status page.
    package func status() -> [EndpointStatus] {
        let counts = self.counts.withLock { $0 }
        return zip(self.endpoints, counts).map { endpoint, count in
            EndpointStatus(
                name: endpoint.name,
                url: endpoint.url,
                samplesSent: count.samplesSent,
                failures: count.requestsFailed.values.reduce(0, +),
                lastSuccess: count.lastSuccess,
                lastError: count.lastError
            )
        }
    }
}
