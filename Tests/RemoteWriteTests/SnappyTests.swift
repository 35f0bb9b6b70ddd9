import RemoteWrite
import Testing

@Suite struct SnappyTests {
    @Test func roundTripsAndCompressesRepetition() {
        let input = Array(repeating: Array("airflow_task_duration_seconds_bucket".utf8), count: 100).flatMap { $0 }
        let compressed = Snappy.compress(input)
        #expect(compressed.count < input.count / 10)
        #expect(Snappy.uncompress(compressed) == input)
    }

    @Test func refusesGarbage() {
        #expect(Snappy.uncompress([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]) == nil)
    }
}
