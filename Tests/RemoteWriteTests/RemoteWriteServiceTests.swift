import Aggregation
import Foundation
import Logging
import RemoteWrite
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

/// The pusher against a receiver on loopback: what it sends, how it retries, what it drops, when newer state
/// supersedes a push, what it logs, and the last push on shutdown.
@Suite(.serialized) struct RemoteWriteServiceTests {
    /// A store with one counter the test can add to, as the pusher's source.
    final class Source: Sendable {
        let store = SeriesStore()
        let handle: SeriesHandle

        init() throws {
            let descriptor = SeriesDescriptor(
                name: "ti_successes",
                labels: [],
                help: "Tasks.",
                kind: .counter,
                observer: nil
            )
            guard case .series(let handle) = self.store.resolve(descriptor, now: 1) else {
                throw CancellationError()
            }
            self.handle = handle
        }

        func add(_ value: Double) {
            _ = self.store.apply(Observation(value: value), to: self.handle, now: 1)
        }

        var read: @Sendable () -> (snapshot: ExpositionSnapshot, own: [MetricFamilySnapshot]) {
            { (self.store.exposition(now: 1), []) }
        }
    }

    /// Runs a service for `config` (pushing every `interval`) until `body` returns, then shuts it down gracefully.
    static func withService(
        _ yaml: String,
        interval: Duration = .milliseconds(100),
        source: Source,
        log: CapturedLog = CapturedLog(),
        _ body: (RemoteWriteMetrics) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.path
        let config = try RemoteWriteConfig(yaml: yaml, path: "\(directory)/rw-\(UUID().uuidString).yml")
        let metrics = RemoteWriteService.metrics(for: config)
        let service = RemoteWriteService(
            config: config,
            interval: interval,
            source: source.read,
            metrics: metrics,
            version: "test",
            logger: log.logger
        )
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [.init(service: service)], logger: log.logger)
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await body(metrics)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// The value of a remote-write self-metric series whose labels include `labels`; 0 when absent.
    static func value(_ metrics: RemoteWriteMetrics, _ name: String, _ labels: [String: String] = [:]) -> Double {
        for family in metrics.families() where family.name == name {
            for series in family.series
            where labels.allSatisfy({ label in
                series.labels.contains { $0.name == label.key && $0.value == label.value }
            }) {
                if case .scalar(let value) = series.value { return value }
                if case .histogram(_, _, let count) = series.value { return Double(count) }
            }
        }
        return 0
    }

    /// The counter's value in a request body.
    static func counter(in request: FakeReceiver.Request) throws -> Double? {
        let series = try WriteRequestEncoderTests.decode([request.body]).series
        return series.first { $0.labels.contains("__name__=ti_successes") }?.value
    }

    @Test func pushesWithTheHeadersRemoteWriteRequires() async throws {
        let receiver = try await FakeReceiver { _ in (204, "") }
        defer { Task { await receiver.close() } }
        let source = try Source()
        source.add(3)
        try await Self.withService(
            """
            external_labels: {instance: bridge-1}
            remote_write:
              - url: \(receiver.url)
                headers: {X-Scope-OrgID: team-a}
                basic_auth: {username: bridge, password: pa55}
            """,
            source: source
        ) { metrics in
            let requests = try await receiver.wait { !$0.isEmpty }
            let request = try #require(requests.first)
            #expect(request.method == "POST")
            #expect(request.uri == "/api/v1/write")
            #expect(request.headers["content-encoding"] == "snappy")
            #expect(request.headers["content-type"] == "application/x-protobuf")
            #expect(request.headers["x-prometheus-remote-write-version"] == "0.1.0")
            #expect(request.headers["user-agent"] == "statsd-bridge/test")
            #expect(request.headers["x-scope-orgid"] == "team-a")
            #expect(request.headers["authorization"] == "Basic YnJpZGdlOnBhNTU=")
            let series = try WriteRequestEncoderTests.decode([request.body]).series
            #expect(series.map(\.labels) == [["__name__=ti_successes", "instance=bridge-1"]])
            #expect(series.first?.value == 3)
            _ = try await receiver.wait { _ in
                Self.value(metrics, "statsd_bridge_remote_write_requests_sent_total") >= 1
            }
            #expect(Self.value(metrics, "statsd_bridge_remote_write_samples_sent_total") >= 1)
            #expect(Self.value(metrics, "statsd_bridge_remote_write_bytes_sent_total") >= Double(request.body.count))
            #expect(Self.value(metrics, "statsd_bridge_remote_write_last_success_timestamp_seconds") > 1.7e9)
        }
    }

    /// 5xx and 429 are retried with the same body until it lands; each failure and retry is counted.
    @Test func retriesServerErrorsAndTooManyRequests() async throws {
        let receiver = try await FakeReceiver { index in
            index == 0 ? (500, "ingester down") : index == 1 ? (429, "slow down") : (200, "")
        }
        defer { Task { await receiver.close() } }
        let source = try Source()
        source.add(5)
        let log = CapturedLog()
        try await Self.withService(
            """
            remote_write:
              - url: \(receiver.url)
                queue_config: {min_backoff: 10ms, max_backoff: 20ms}
            """,
            // Long enough that the retries land before the next push supersedes them, even when a whole `swift test`
            // keeps both cores busy and a 10 ms sleep takes far longer.
            interval: .seconds(3),
            source: source,
            log: log
        ) { metrics in
            let requests = try await receiver.wait { $0.count >= 3 }
            #expect(Set(requests.prefix(3).map(\.body)).count == 1)
            _ = try await receiver.wait { _ in
                Self.value(metrics, "statsd_bridge_remote_write_requests_sent_total") >= 1
            }
            let failed = "statsd_bridge_remote_write_requests_failed_total"
            #expect(Self.value(metrics, failed, ["reason": "server_error"]) == 1)
            #expect(Self.value(metrics, failed, ["reason": "too_many_requests"]) == 1)
            #expect(Self.value(metrics, "statsd_bridge_remote_write_requests_retried_total") == 2)
            #expect(Self.value(metrics, "statsd_bridge_remote_write_samples_dropped_total") == 0)
        }
        // The first failure is logged with the receiver's words; the second within the minute is not; the recovery
        // is logged once.
        let failures = log.messages("remote write failed")
        #expect(failures.count == 1)
        #expect(failures.first?.metadata["error"] == "HTTP 500: ingester down")
        #expect(failures.first?.metadata["reason"] == "server_error")
        #expect(log.messages("remote write recovered").first?.metadata["failed_requests"] == "2")
    }

    /// Any other 4xx is the request's own fault: dropped and counted, not sent again.
    @Test func dropsRequestsTheReceiverRefuses() async throws {
        let receiver = try await FakeReceiver { _ in (400, "out of order sample\n") }
        defer { Task { await receiver.close() } }
        let source = try Source()
        source.add(1)
        try await Self.withService(
            "remote_write:\n  - url: \(receiver.url)\n    queue_config: {min_backoff: 10ms}\n",
            interval: .seconds(1),
            source: source
        ) { metrics in
            _ = try await receiver.wait { _ in
                Self.value(metrics, "statsd_bridge_remote_write_samples_dropped_total", ["reason": "rejected"]) >= 1
            }
            try await Task.sleep(for: .milliseconds(200))
            #expect(receiver.requests.count == 1)
            #expect(
                Self.value(metrics, "statsd_bridge_remote_write_requests_failed_total", ["reason": "client_error"]) == 1
            )
            #expect(Self.value(metrics, "statsd_bridge_remote_write_requests_retried_total") == 0)
            let status = try #require(metrics.status().first)
            #expect(status.lastError?.message == "HTTP 400: out of order sample")
            #expect(status.lastSuccess == nil)
        }
    }

    /// While the receiver is away, each push retries until the next one is due and then gives way to it; when the
    /// receiver is back, the counter it gets is the bridge's count now, every increment during the outage included.
    @Test func newerStateSupersedesAndCountersCatchUp() async throws {
        let down = Atomic<Bool>(true)
        let receiver = try await FakeReceiver { _ in down.load(ordering: .relaxed) ? (503, "unavailable") : (204, "") }
        defer { Task { await receiver.close() } }
        let source = try Source()
        source.add(1)
        try await Self.withService(
            "remote_write:\n  - url: \(receiver.url)\n    queue_config: {min_backoff: 20ms, max_backoff: 40ms}\n",
            interval: .milliseconds(150),
            source: source
        ) { metrics in
            let superseded = ["reason": "superseded"]
            _ = try await receiver.wait { _ in
                Self.value(metrics, "statsd_bridge_remote_write_samples_dropped_total", superseded) >= 2
            }
            #expect(Self.value(metrics, "statsd_bridge_remote_write_samples_dropped_total", superseded) >= 2)
            #expect(Self.value(metrics, "statsd_bridge_remote_write_requests_retried_total") >= 2)
            #expect(Self.value(metrics, "statsd_bridge_remote_write_requests_sent_total") == 0)
            source.add(41)
            down.store(false, ordering: .relaxed)
            let requests = try await receiver.wait { requests in
                requests.contains { (try? Self.counter(in: $0)) == 42 }
            }
            #expect(requests.contains { (try? Self.counter(in: $0)) == 42 })
            #expect(Self.value(metrics, "statsd_bridge_remote_write_requests_sent_total") >= 1)
        }
    }

    /// A receiver nobody listens on: counted as network failures, logged once, never an error thrown out of the
    /// service.
    @Test func unreachableReceiverIsCountedAndLoggedOnce() async throws {
        let closed = try await FakeReceiver { _ in (204, "") }
        let url = closed.url
        await closed.close()
        let source = try Source()
        source.add(1)
        let log = CapturedLog()
        try await Self.withService(
            "remote_write:\n  - url: \(url)\n    queue_config: {min_backoff: 10ms, max_backoff: 20ms}\n",
            interval: .milliseconds(100),
            source: source,
            log: log
        ) { metrics in
            let deadline = ContinuousClock.now.advanced(by: .seconds(10))
            while Self.value(metrics, "statsd_bridge_remote_write_requests_failed_total", ["reason": "network"]) < 5,
                ContinuousClock.now < deadline
            {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(Self.value(metrics, "statsd_bridge_remote_write_requests_failed_total", ["reason": "network"]) >= 5)
        }
        #expect(log.messages("remote write failed").count == 1)
        #expect(log.messages("remote write failed").first?.metadata["reason"] == "network")
    }

    /// On graceful shutdown the pusher sends once more, so the receiver ends with the final count.
    @Test func shutdownPushesTheFinalState() async throws {
        let receiver = try await FakeReceiver { _ in (204, "") }
        defer { Task { await receiver.close() } }
        let source = try Source()
        source.add(1)
        try await Self.withService(
            "remote_write:\n  - url: \(receiver.url)\n",
            interval: .seconds(60),
            source: source
        ) { _ in
            source.add(6)
        }
        let requests = try await receiver.wait { !$0.isEmpty }
        #expect(requests.count == 1)
        #expect(try requests.first.flatMap(Self.counter(in:)) == 7)
    }
}
