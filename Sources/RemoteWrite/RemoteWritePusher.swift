import Aggregation
import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// Pushes to one endpoint: every interval a fresh snapshot, sent in order as requests of at most
/// `max_samples_per_send` samples, each retried with backoff while it may still succeed.
///
/// The bridge's state is cumulative, so the latest snapshot is all a receiver needs: when the next interval comes
/// while a push is still retrying, what is left of it is dropped (counted as superseded) and the new snapshot, which
/// carries every count since, goes instead. That bounds memory to one snapshot's requests however long the receiver
/// is away, and makes its counters catch up exactly when it returns.
struct RemoteWritePusher: Sendable {
    /// Where the snapshot comes from: the store's and the self-metrics' families, as `/metrics` shows them.
    typealias Source = @Sendable () -> (snapshot: ExpositionSnapshot, own: [MetricFamilySnapshot])

    let endpoint: RemoteWriteEndpoint
    /// This endpoint's position in ``RemoteWriteMetrics``.
    let index: Int
    let interval: Duration
    let encoder: WriteRequestEncoder
    let source: Source
    let client: HTTPClient
    let metrics: RemoteWriteMetrics
    let userAgent: String
    let logger: Logger

    /// Pushes every interval until a graceful shutdown, which also cuts short a push under way; then pushes once
    /// more (within a second) so the receiver gets the final counts. Cancellation stops at once.
    func run() async {
        let clock = ContinuousClock()
        var state = State(backoff: self.endpoint.queue.minBackoff)
        var next = clock.now.advanced(by: self.interval)
        while true {
            do {
                let wake = next
                try await cancelWhenGracefulShutdown { try await Task.sleep(until: wake, clock: clock) }
            } catch {
                break
            }
            let deadline = next.advanced(by: self.interval)
            state = await cancelWhenGracefulShutdown { [state] in
                await self.push(until: deadline, timeout: self.endpoint.remoteTimeout, state)
            }
            next = max(deadline, clock.now)
        }
        guard !Task.isCancelled else { return }
        let last = clock.now.advanced(by: .seconds(1))
        _ = await self.push(until: last, timeout: min(self.endpoint.remoteTimeout, .seconds(1)), state)
    }

    /// What carries over from one push to the next: the retry delay (it keeps growing while the receiver stays
    /// away) and the failure log's rate limit.
    struct State: Sendable {
        var backoff: Duration
        var failures = FailureLog()
    }

    /// One snapshot, sent until done, or until `deadline` or cancellation, when what is left is superseded.
    /// - Returns: `state` after the push.
    private func push(until deadline: ContinuousClock.Instant, timeout: Duration, _ state: State) async -> State {
        var state = state
        let clock = ContinuousClock()
        let started = clock.now
        let batches = self.encodeSnapshot()
        let authorization = self.authorization()
        var position = 0
        while position < batches.count {
            let batch = batches[position]
            let outcome = await self.send(batch, authorization: authorization, timeout: timeout)
            if Task.isCancelled {
                break
            }
            guard case .failure(let failure, let message) = outcome else {
                self.metrics.sent(self.index, samples: batch.samples, bytes: batch.body.count, at: Self.unixSeconds())
                self.logRecovery(&state.failures)
                state.backoff = self.endpoint.queue.minBackoff
                position += 1
                continue
            }
            self.metrics.failed(self.index, failure, message: message, at: Self.unixSeconds())
            self.logFailure(failure, message, &state.failures)
            guard failure.isRetryable else {
                self.metrics.rejected(self.index, samples: batch.samples)
                position += 1
                continue
            }
            let retryAt = clock.now.advanced(by: state.backoff)
            state.backoff = min(state.backoff * 2, self.endpoint.queue.maxBackoff)
            guard retryAt < deadline, (try? await Task.sleep(until: retryAt, clock: clock)) != nil else {
                break
            }
            self.metrics.retried(self.index)
        }
        if position < batches.count {
            self.metrics.superseded(self.index, samples: batches[position...].reduce(0) { $0 + $1.samples })
        }
        self.metrics.pushed(self.index, seconds: Self.seconds(clock.now - started))
        return state
    }

    /// The requests of a snapshot taken now; the snapshot itself is freed before any is sent, so a push holds only
    /// its compressed requests (about 16 bytes per counter) while it waits on the receiver.
    private func encodeSnapshot() -> [WriteRequestEncoder.Batch] {
        let (snapshot, own) = self.source()
        return self.encoder.encode(snapshot, merging: own, timestampMilliseconds: Self.unixMilliseconds())
    }

    private enum Outcome {
        case accepted
        case failure(PushFailure, String)
    }

    /// One POST with remote write 1.0's headers; the receiver's answer read up to a few hundred bytes, for the log.
    private func send(
        _ batch: WriteRequestEncoder.Batch,
        authorization: Result<String?, Secret.Unreadable>,
        timeout: Duration
    )
        async -> Outcome
    {
        var request = HTTPClientRequest(url: self.endpoint.url)
        request.method = .POST
        request.headers.add(name: "Content-Encoding", value: "snappy")
        request.headers.add(name: "Content-Type", value: "application/x-protobuf")
        request.headers.add(name: "User-Agent", value: self.userAgent)
        request.headers.add(name: "X-Prometheus-Remote-Write-Version", value: "0.1.0")
        for header in self.endpoint.headers {
            request.headers.add(name: header.name, value: header.value)
        }
        switch authorization {
        case .success(let value?):
            request.headers.add(name: "Authorization", value: value)
        case .success(nil):
            break
        case .failure(let unreadable):
            return .failure(.clientError, "\(unreadable)")
        }
        request.body = .bytes(ByteBuffer(bytes: batch.body))
        do {
            let response = try await self.client.execute(request, timeout: Self.timeAmount(timeout))
            var text = ""
            for try await chunk in response.body where text.utf8.count < Self.answerBytes {
                text += String(buffer: chunk)
            }
            guard let failure = PushFailure(status: Int(response.status.code)) else { return .accepted }
            let answer = text.utf8.count > Self.answerBytes ? String(text.utf8.prefix(Self.answerBytes)) ?? "" : text
            return .failure(failure, "HTTP \(response.status.code): \(answer.trimmingTrailingNewlines)")
        } catch {
            return .failure(.network, "\(error)")
        }
    }

    /// The `Authorization` header value, secrets read now so a rotated file takes effect; `nil` without credentials.
    private func authorization() -> Result<String?, Secret.Unreadable> {
        do throws(Secret.Unreadable) {
            switch self.endpoint.credentials {
            case .basic(let username, let password)?:
                let password = try password.reveal()
                return .success(HTTPClient.Authorization.basic(username: username, password: password).headerValue)
            case .authorization(let type, let credentials)?:
                return .success("\(type) \(try credentials.reveal())")
            case nil:
                return .success(nil)
            }
        } catch {
            return .failure(error)
        }
    }

    // MARK: Logging

    private func logFailure(_ failure: PushFailure, _ message: String, _ log: inout FailureLog) {
        guard let suppressed = log.failed(now: ContinuousClock.now) else { return }
        self.logger.warning(
            "remote write failed",
            metadata: [
                "url": "\(self.endpoint.url)", "reason": "\(failure.rawValue)", "error": "\(message)",
                "suppressed": "\(suppressed)",
            ]
        )
    }

    private func logRecovery(_ log: inout FailureLog) {
        guard let failures = log.recovered() else { return }
        self.logger.info(
            "remote write recovered",
            metadata: ["url": "\(self.endpoint.url)", "failed_requests": "\(failures)"]
        )
    }

    // MARK: Time

    /// How much of a receiver's answer goes into the log and the status page.
    private static let answerBytes = 256

    private static func unixMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    private static func unixSeconds() -> Double {
        Double(Self.unixMilliseconds()) / 1000
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}

extension String {
    /// The text without the newlines a receiver's error body ends with.
    fileprivate var trimmingTrailingNewlines: String {
        var text = Substring(self)
        while text.last?.isNewline == true { text.removeLast() }
        return String(text)
    }
}
