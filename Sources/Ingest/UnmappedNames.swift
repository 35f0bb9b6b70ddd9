import Synchronization

/// The most frequent StatsD names that no mapping rule matched, so a user knows what to add to the mapping file.
///
/// A space-saving top-k (Metwally, Agrawal and El Abbadi, 2005): at most ``capacity`` names are tracked; a new name
/// when the table is full takes the place of the least counted one and inherits its count as an overestimate
/// (``Entry/error``). Any name seen more than `total / capacity` times is guaranteed to be in the table, and the
/// table's memory is bounded whatever the cardinality of the traffic.
///
/// What is counted: one per *resolve*, that is each time a listener meets a raw series (name plus tags) it has
/// not cached yet and no rule matches it. This is the slow path of ``IngestPipeline``; a sample of a known series
/// never comes here, so the hot path costs nothing. The count therefore ranks names by how many distinct unmapped
/// series they create (per listener), not by samples: the names that grow the store most come first.
///
/// Counts belong to one mapping generation: a reload empties every listener's cache, so names are counted again
/// under the new rules, and the first count of a newer generation starts the table over (a name the new file maps
/// is no longer listed). A late count from an older generation is ignored.
package final class UnmappedNames: Sendable {
    /// One tracked name.
    package struct Entry: Sendable, Equatable {
        /// The raw StatsD name (after tag extraction), at most ``UnmappedNames/maxNameBytes`` bytes.
        package var name: String
        /// Times the name was counted; an overestimate by at most ``error``.
        package var count: UInt64
        /// How much of ``count`` was inherited from an evicted name.
        package var error: UInt64

        package init(name: String, count: UInt64, error: UInt64) {
            self.name = name
            self.count = count
            self.error = error
        }
    }

    /// Longest name kept, in UTF-8 bytes; a longer one is cut (on a character boundary) so an attacker cannot make
    /// the table large.
    package static let maxNameBytes = 256

    /// How many names the table tracks; more than are shown, so the shown ones are accurate.
    package let capacity: Int
    private let state: Mutex<State>

    private struct State {
        var generation: UInt64 = 0
        var entries: [Entry] = []
        var index: [String: Int] = [:]
    }

    /// - Parameter capacity: names tracked; the status page shows the first 20 of them.
    package init(capacity: Int = 100) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
        self.state = Mutex(State())
    }

    /// Counts one occurrence of `rawName`.
    /// - Parameters:
    ///   - rawName: the StatsD name no rule matched.
    ///   - generation: the ``MappingState/generation`` of the mapping that was consulted.
    /// - Complexity: O(1) when the name is tracked or the table has room, else O(``capacity``) to find the least
    ///   counted entry. Called only on the slow path.
    package func record(_ rawName: String, generation: UInt64) {
        let name = Self.truncated(rawName)
        self.state.withLock { state in
            guard generation >= state.generation else { return }
            if generation > state.generation {
                state = State(generation: generation)
            }
            if let position = state.index[name] {
                state.entries[position].count &+= 1
                return
            }
            if state.entries.count < self.capacity {
                state.index[name] = state.entries.count
                state.entries.append(Entry(name: name, count: 1, error: 0))
                return
            }
            var least = 0
            for position in state.entries.indices where state.entries[position].count < state.entries[least].count {
                least = position
            }
            let evicted = state.entries[least]
            state.index[evicted.name] = nil
            state.index[name] = least
            state.entries[least] = Entry(name: name, count: evicted.count &+ 1, error: evicted.count)
        }
    }

    /// The `limit` most counted names, most counted first, ties by name.
    package func top(_ limit: Int = 20) -> [Entry] {
        let entries = self.state.withLock { $0.entries }
        return Array(
            entries.sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }.prefix(max(limit, 0))
        )
    }

    private static func truncated(_ name: String) -> String {
        guard name.utf8.count > Self.maxNameBytes else { return name }
        var result = ""
        var bytes = 0
        for character in name {
            bytes += character.utf8.count
            guard bytes <= Self.maxNameBytes - 3 else { break }
            result.append(character)
        }
        return result + "..."
    }
}
