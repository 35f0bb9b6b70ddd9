import Testing

@testable import StatsDProtocol

/// The parser's counters.
struct ParseStatsTests {
    @Test("every reason has its own counter")
    func reasonsAreIndependent() {
        var stats = ParseStats()
        for (index, error) in LineError.allCases.enumerated() {
            stats[error] = UInt64(index + 1)
        }
        for (index, error) in LineError.allCases.enumerated() {
            #expect(stats[error] == UInt64(index + 1))
        }
        #expect(stats.sampleErrors == 45)
        #expect(stats.lines == 0)
        #expect(stats.samples == 0)
    }

    @Test("add sums every counter")
    func addSumsEverything() {
        var a = ParseStats()
        a.lines = 1
        a.samples = 2
        a.taggedSamples = 3
        a.tagErrors = 4
        a[.illegalEvent] = 5
        var b = ParseStats()
        b.lines = 10
        b.samples = 20
        b.taggedSamples = 30
        b.tagErrors = 40
        b[.illegalEvent] = 50
        b[.malformedLine] = 60
        a.add(b)
        #expect(a.lines == 11)
        #expect(a.samples == 22)
        #expect(a.taggedSamples == 33)
        #expect(a.tagErrors == 44)
        #expect(a[.illegalEvent] == 55)
        #expect(a[.malformedLine] == 60)
        #expect(a[.malformedValue] == 0)
    }
}
