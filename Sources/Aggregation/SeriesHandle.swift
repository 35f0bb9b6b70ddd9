/// A stable reference to one series slot, cached by ingest paths so a known series is updated without hashing
/// its name and labels again.
///
/// A handle goes stale when its series expires; ``SeriesStore/apply(_:to:now:)`` then returns `false` and the caller
/// resolves the series anew.
package struct SeriesHandle: Sendable, Hashable {
    package var shard: UInt32
    package var slot: UInt32
    package var generation: UInt32

    package init(shard: UInt32, slot: UInt32, generation: UInt32) {
        self.shard = shard
        self.slot = slot
        self.generation = generation
    }
}
