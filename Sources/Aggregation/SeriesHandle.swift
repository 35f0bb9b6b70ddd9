/// A stable reference to one series slot, cached by ingest paths so a known series is updated without hashing
/// its name and labels again.
///
/// A handle goes stale when its series expires; ``SeriesStore/apply(_:to:now:)`` then returns `false` and the caller
/// resolves the series anew.
package struct SeriesHandle: Sendable, Hashable {
    package var shard: UInt32
    package var slot: UInt32
    package var generation: UInt32
}
