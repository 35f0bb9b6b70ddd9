/// The glob state machine while it is being built, shaped exactly like statsd_exporter's `fsm.AddState`: one
/// subtree per metric class, one state per dot-separated component, `*` as an ordinary transition label.
///
/// Reproduces its quirks, which decide which rule wins: a rule's result is attached only when its last state is
/// *new*, so a rule whose path already exists (a duplicate, or a prefix of an earlier, longer rule) never matches
/// in that subtree; and every rule reaching a final state overwrites that state's priority with its own ordinal.
final class GlobTrieBuilder {
    final class State {
        /// Transition labels in insertion order.
        var labels: [String] = []
        var children: [String: State] = [:]
        var minRemaining: Int
        var maxRemaining: Int
        /// The glob rule (index into the caller's rule list) whose result this state holds.
        var rule: Int?
        /// Ordinal of the last glob rule that ended here; lower wins in ordered mode.
        var priority = 0

        init(remaining: Int) {
            self.minRemaining = remaining
            self.maxRemaining = remaining
        }
    }

    /// What happened to a rule in one class subtree.
    enum Attachment: Equatable {
        /// The rule is reachable.
        case attached
        /// The final state already held the result of this rule, which wins.
        case shadowedByDuplicate(rule: Int)
        /// The final state already existed as part of a longer rule; the rule never matches in this subtree.
        case swallowedByLongerRule
    }

    /// Roots indexed by `MetricClass.rawValue`.
    let roots: [State]
    private(set) var ordinal = 0

    init(classCount: Int) {
        self.roots = (0..<classCount).map { _ in State(remaining: 0) }
    }

    /// Adds the glob `components` for `classes` (`nil`: every class) with result `rule`.
    /// - Returns: What happened in each class subtree, indexed like `roots`.
    func add(components: [String], classes: [Int], rule: Int) -> [(classIndex: Int, attachment: Attachment)] {
        var outcomes: [(classIndex: Int, attachment: Attachment)] = []
        var finals: [State] = []
        for classIndex in classes {
            var state = self.roots[classIndex]
            var attachment = Attachment.attached
            for (position, component) in components.enumerated() {
                let remaining = components.count - position - 1
                if let next = state.children[component] {
                    next.maxRemaining = max(next.maxRemaining, remaining)
                    next.minRemaining = min(next.minRemaining, remaining)
                    if remaining == 0 {
                        attachment = next.rule.map { .shadowedByDuplicate(rule: $0) } ?? .swallowedByLongerRule
                    }
                    state = next
                } else {
                    let next = State(remaining: remaining)
                    if remaining == 0 {
                        next.rule = rule
                    }
                    state.labels.append(component)
                    state.children[component] = next
                    state = next
                }
            }
            finals.append(state)
            outcomes.append((classIndex, attachment))
        }
        for state in finals {
            state.priority = self.ordinal
        }
        self.ordinal += 1
        return outcomes
    }
}
