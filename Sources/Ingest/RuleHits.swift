import Mapping
import Synchronization

/// How often each mapping rule matched, for the status page.
///
/// Counted on the slow path only, as ``UnmappedNames`` is: one hit each time a listener resolves a raw series (name
/// plus tags) it has not cached yet and the rule matches. A hit is therefore a series a rule produced (per
/// listener), not a sample; samples of a known series never reach this code, so the hot path costs nothing. The
/// table has at most one entry per rule of the file in force.
///
/// Hits belong to one mapping generation: rule indices change with the file, so the first hit of a newer
/// generation starts the table over, and a late hit from an older generation is ignored.
package final class RuleHits: Sendable {
    /// A rule and its hit count.
    package struct Entry: Sendable, Equatable {
        package var rule: MatchedRule
        package var hits: UInt64
    }

    private struct State {
        var generation: UInt64 = 0
        var entries: [Int: Entry] = [:]
    }

    private let state = Mutex(State())

    package init() {}

    /// Counts one hit of `rule`.
    /// - Parameters:
    ///   - rule: the rule that matched.
    ///   - generation: the ``MappingState/generation`` of the mapping the rule belongs to.
    /// - Complexity: O(1); called only on the slow path.
    package func record(_ rule: MatchedRule, generation: UInt64) {
        self.state.withLock { state in
            guard generation >= state.generation else { return }
            if generation > state.generation {
                state = State(generation: generation)
            }
            if state.entries[rule.index] == nil {
                state.entries[rule.index] = Entry(rule: rule, hits: 1)
            } else {
                state.entries[rule.index]!.hits &+= 1
            }
        }
    }

    /// Every rule hit at least once, in file order.
    package var entries: [Entry] {
        self.state.withLock { $0.entries.values.sorted { $0.rule.index < $1.rule.index } }
    }
}
