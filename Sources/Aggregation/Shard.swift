import Synchronization

/// One lock's worth of series. The store spreads series over shards by the hash of their identity so ingest
/// threads rarely contend, and a scrape holds one shard at a time.
final class Shard: Sendable {
    struct State: Sendable {
        var slots: [SeriesSlot] = []
        var freeSlots: [UInt32] = []
        var index: [SeriesIdentity: UInt32] = [:]
    }

    let state = Mutex(State())
}
