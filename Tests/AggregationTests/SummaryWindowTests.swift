import Aggregation
import TestSupport
import Testing

struct SummaryWindowTests {
    static let objectives = TargetedQuantileStreamTests.defaultObjectives
    static let second: UInt64 = 1_000_000_000
    static let minute: UInt64 = 60 * second
    /// An arbitrary monotonic start, away from 0 so nothing depends on it.
    static let start: UInt64 = 123 * second

    /// statsd_exporter's default window: 10m in 5 buckets, hot buffer of 500.
    static func makeWindow(
        objectives: [(quantile: Double, error: Double)] = Self.objectives,
        bufCap: Int = 500
    ) -> SummaryWindow {
        SummaryWindow(
            objectives: objectives,
            maxAge: .seconds(600),
            ageBuckets: 5,
            bufCap: bufCap,
            now: Self.start,
            stagger: 0
        )
    }

    @Test func emptyWindowIsNaN() {
        var window = Self.makeWindow()
        let now = Self.start + Self.minute
        #expect(window.quantiles(now: now).count == 3)
        #expect(window.quantiles(now: now).allSatisfy { $0.isNaN })
    }

    /// The reference's conformance case: `foo:200|ms` three times gives 0.2 for every quantile.
    @Test func singleValueObservedThriceIsEveryQuantile() {
        var window = Self.makeWindow()
        for offset in 0..<3 {
            window.observe(0.2, now: Self.start + UInt64(offset) * Self.second)
        }
        #expect(window.quantiles(now: Self.start + 5 * Self.second) == [0.2, 0.2, 0.2])
    }

    @Test func answersFollowObjectiveOrder() {
        var window = Self.makeWindow(objectives: [(0.99, 0.001), (0.5, 0.05)])
        for value in 1...100 {
            window.observe(Double(value), now: Self.start)
        }
        #expect(window.quantiles(now: Self.start) == [99, 50])
    }

    /// Rotation happens at bucket boundaries: a value observed in the first bucket (ending at start + 2m) stays while
    /// the clock is at most start + 10m and is gone the nanosecond after, whether or not a query flushed it earlier.
    @Test(arguments: [false, true])
    func valuesVanishOnceOlderThanMaxAge(queriedInBetween: Bool) {
        var window = Self.makeWindow()
        window.observe(1, now: Self.start + Self.minute)
        if queriedInBetween {
            #expect(window.quantiles(now: Self.start + 3 * Self.minute) == [1, 1, 1])
        }
        #expect(window.quantiles(now: Self.start + 9 * Self.minute) == [1, 1, 1])
        #expect(window.quantiles(now: Self.start + 10 * Self.minute) == [1, 1, 1])
        #expect(window.quantiles(now: Self.start + 10 * Self.minute + 1).allSatisfy { $0.isNaN })
    }

    /// A value observed right after a boundary lives until the end of its own bucket plus four more.
    @Test func valueObservedAfterBoundaryLivesLonger() {
        var window = Self.makeWindow()
        window.observe(5, now: Self.start + 2 * Self.minute + 1)
        #expect(window.quantiles(now: Self.start + 12 * Self.minute) == [5, 5, 5])
        #expect(window.quantiles(now: Self.start + 12 * Self.minute + 1).allSatisfy { $0.isNaN })
    }

    /// One observation every 10 s for 40 minutes, valued at its time in seconds, queried every 30 s: the newest value
    /// is always there, nothing older than maxAge is, and the median sits in the middle of an 8–10 minute window.
    @Test func slidingWindowKeepsOnlyRecentValues() {
        var window = Self.makeWindow()
        var latest = 0.0
        for tick in 1...240 {
            let now = Self.start + UInt64(tick) * 10 * Self.second
            latest = Double(tick * 10)
            window.observe(latest, now: now)
            guard tick % 3 == 0 else {
                continue
            }
            let answers = window.quantiles(now: now)
            let age = answers.map { latest - $0 }
            #expect(answers[2] == latest)
            #expect(age.allSatisfy { $0 >= 0 && $0 <= 600 }, "ages \(age) at \(latest)s")
            if tick >= 60 {
                #expect(age[0] >= 230 && age[0] <= 310, "median age \(age[0]) at \(latest)s")
            }
        }
    }

    @Test func longIdleGapEmptiesWindowAtOnce() {
        var window = Self.makeWindow()
        window.observe(1, now: Self.start)
        let later = Self.start + 1_000_000 * Self.minute
        #expect(window.quantiles(now: later).allSatisfy { $0.isNaN })
        window.observe(3, now: later + 1)
        #expect(window.quantiles(now: later + 2) == [3, 3, 3])
    }

    /// 100k seeded values spread over 5 minutes, all inside the window: each answer's rank is within its error.
    @Test func quantilesStayWithinObjectiveErrors() {
        var window = Self.makeWindow()
        var generator = SplitMix64(seed: 7)
        var values: [Double] = []
        values.reserveCapacity(100_000)
        for index in 0..<100_000 {
            let value = generator.nextUnit() * 250
            values.append(value)
            window.observe(value, now: Self.start + UInt64(index) * 3_000_000)
        }
        let sorted = values.sorted()
        let answers = window.quantiles(now: Self.start + 5 * Self.minute)
        for (objective, answer) in zip(Self.objectives, answers) {
            let error = TargetedQuantileStreamTests.rankError(of: answer, quantile: objective.quantile, in: sorted)
            #expect(error <= objective.error, "q=\(objective.quantile): rank error \(error)")
        }
    }

    /// The hot buffer only batches work: any buffer size gives the same answers.
    @Test func bufferSizeDoesNotChangeAnswers() {
        var small = Self.makeWindow(bufCap: 1)
        var large = Self.makeWindow(bufCap: 500)
        var generator = SplitMix64(seed: 9)
        for index in 0..<20_000 {
            let value = generator.nextUnit()
            let now = Self.start + UInt64(index) * 50_000_000
            small.observe(value, now: now)
            large.observe(value, now: now)
            if index % 1_000 == 999 {
                let expected = large.quantiles(now: now)
                #expect(small.quantiles(now: now).map(\.bitPattern) == expected.map(\.bitPattern))
            }
        }
    }

    /// The reference's conformance case `s:NaN|ms` then `s:5|ms`: Go's sort leaves NaN first, so the median is NaN.
    @Test func nanObservationLandsWhereTheReferencePutsIt() {
        var window = Self.makeWindow()
        window.observe(.nan, now: Self.start)
        window.observe(0.005, now: Self.start + 1)
        #expect(
            window.quantiles(now: Self.start + 2).map(\.bitPattern) == [Double.nan, 0.005, 0.005].map(\.bitPattern)
        )
    }

    /// Seeded observations (NaN never, rarely, often, or most of the time) and scrapes over a window of five 2 s
    /// streams, with time jumps that rotate streams at any point: every scrape is bit for bit what client_golang's
    /// summary answers, driving literal perks streams value by value, whatever the hot buffer size.
    @Test(arguments: [0.0, 0.002, 0.05, 0.6], [1, 7, 500])
    func matchesClientGolangValueByValue(nanRate: Double, bufCap: Int) {
        let maxAge: UInt64 = 10 * Self.second
        var window = SummaryWindow(
            objectives: Self.objectives,
            maxAge: .nanoseconds(Int64(maxAge)),
            ageBuckets: 5,
            bufCap: bufCap,
            now: Self.start,
            stagger: 123
        )
        var reference = LiteralSummary(
            objectives: Self.objectives,
            maxAge: maxAge,
            ageBuckets: 5,
            bufCap: bufCap,
            now: Self.start
        )
        var generator = SplitMix64(seed: UInt64(bufCap) &+ UInt64(nanRate * 1000))
        var now = Self.start
        var scrapes = 0
        for _ in 0..<6_000 {
            let roll = generator.nextUnit()
            now += roll < 0.002 ? 3 * Self.second : generator.next() % 3_000_000
            if roll > 0.995 {
                scrapes += 1
                let expected = reference.quantiles(now: now)
                #expect(window.quantiles(now: now).map(\.bitPattern) == expected.map(\.bitPattern), "scrape \(scrapes)")
            } else {
                let value = generator.nextUnit() < nanRate ? Double.nan : generator.nextUnit() * 10
                window.observe(value, now: now)
                reference.observe(value, now: now)
            }
        }
        #expect(window.quantiles(now: now).map(\.bitPattern) == reference.quantiles(now: now).map(\.bitPattern))
    }

    /// statsd_exporter passes zero for unset summary options; they mean client_golang's 10m / 5 / 500.
    @Test func zeroOptionsSelectClientGolangDefaults() {
        var window = SummaryWindow(
            objectives: Self.objectives,
            maxAge: .zero,
            ageBuckets: 0,
            bufCap: 0,
            now: Self.start,
            stagger: 0
        )
        window.observe(4, now: Self.start)
        #expect(window.quantiles(now: Self.start + 10 * Self.minute) == [4, 4, 4])
        #expect(window.quantiles(now: Self.start + 10 * Self.minute + 1).allSatisfy { $0.isNaN })
    }

    @Test func noObjectivesGivesNoQuantiles() {
        var window = Self.makeWindow(objectives: [])
        window.observe(1, now: Self.start)
        #expect(window.quantiles(now: Self.start).isEmpty)
    }

    /// client_golang's summary as it drives its streams: a hot buffer flushed into every stream value by value when it
    /// fills, when an observation comes after its expiry, and before every query; the head reset and rotated once per
    /// stream duration behind. The oracle for ``matchesClientGolangValueByValue(nanRate:bufCap:)``.
    struct LiteralSummary {
        private let objectives: [(quantile: Double, error: Double)]
        private var hotBuffer: [Double] = []
        private let bufCap: Int
        private var streams: [TargetedQuantileStreamTests.LiteralPerks]
        private var headIndex = 0
        private let streamDuration: UInt64
        private var headExpiry: UInt64
        private var hotExpiry: UInt64

        init(
            objectives: [(quantile: Double, error: Double)],
            maxAge: UInt64,
            ageBuckets: Int,
            bufCap: Int,
            now: UInt64
        ) {
            self.objectives = objectives
            self.bufCap = bufCap
            self.streams = Array(repeating: .init(objectives: objectives), count: ageBuckets)
            self.streamDuration = maxAge / UInt64(ageBuckets)
            self.headExpiry = now + self.streamDuration
            self.hotExpiry = self.headExpiry
        }

        mutating func observe(_ value: Double, now: UInt64) {
            if now > self.hotExpiry {
                self.flush(now: now)
            }
            self.hotBuffer.append(value)
            if self.hotBuffer.count == self.bufCap {
                self.flush(now: now)
            }
        }

        mutating func quantiles(now: UInt64) -> [Double] {
            self.flush(now: now)
            return self.objectives.map { objective in
                self.streams[self.headIndex].count == 0 ? .nan : self.streams[self.headIndex].query(objective.quantile)
            }
        }

        private mutating func flush(now: UInt64) {
            let cold = self.hotBuffer
            self.hotBuffer = []
            while now > self.hotExpiry {
                self.hotExpiry += self.streamDuration
            }
            for value in cold {
                for index in self.streams.indices {
                    self.streams[index].insert(value)
                }
            }
            while self.hotExpiry != self.headExpiry {
                self.streams[self.headIndex].reset()
                self.headIndex = (self.headIndex + 1) % self.streams.count
                self.headExpiry += self.streamDuration
            }
        }
    }
}
