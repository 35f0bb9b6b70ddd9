/// statsd_exporter's `fsm.TestIfNeedBacktracking`: decides whether a literal transition must also try the `*`
/// alternative, and finds glob rules hidden behind an earlier, more general one.
///
/// Rules are compared only with rules of the same component count, as text: "`r1` matches `r2`" means `r1` read
/// as a glob matches the text of `r2` (a `*` in `r2` is just a character).
struct GlobBacktrackingAnalysis {
    struct Rule {
        /// Index in `mappings:`.
        var index: Int
        var match: String
        /// Metric classes the rule applies to (`MetricClass.rawValue`).
        var classes: [Int]
    }

    /// A rule that never matches because an earlier one matches everything it would.
    struct Shadowed {
        var rule: Int
        var shadowedBy: Int
        /// Classes in which it is shadowed (`MetricClass.rawValue`).
        var classes: [Int]
    }

    /// Whether the matcher must backtrack (always in ordered mode).
    var backtrackingNeeded = false
    /// Rules that force backtracking when ordering is disabled.
    var backtrackingRules: [Int] = []
    /// Ordered mode only: rules that can never win.
    var shadowed: [Shadowed] = []

    init(rules: [Rule], orderingDisabled: Bool) {
        var byLength: [Int: [Rule]] = [:]
        var lengths: [Int] = []
        for rule in rules {
            let length = rule.match.split(separator: ".", omittingEmptySubsequences: false).count
            if byLength[length] == nil {
                lengths.append(length)
            }
            byLength[length, default: []].append(rule)
        }
        var needed = false
        for length in lengths {
            guard let group = byLength[length], group.count > 1 else { continue }
            for (i1, r1) in group.enumerated() where r1.match.contains("*") {
                var needsBacktracking = false
                for (offset, character) in r1.match.enumerated() where character == "*" {
                    let prefix = r1.match.prefix(offset)
                    if group.enumerated().contains(where: { $0.offset != i1 && $0.element.match.hasPrefix(prefix) }) {
                        needsBacktracking = true
                    }
                }
                for (i2, r2) in group.enumerated() where i2 != i1 && Self.glob(r1.match, matchesText: r2.match) {
                    if !orderingDisabled, i1 < i2 {
                        let common = r2.classes.filter(r1.classes.contains)
                        if !common.isEmpty {
                            self.shadowed.append(Shadowed(rule: r2.index, shadowedBy: r1.index, classes: common))
                        }
                    }
                    needsBacktracking = false
                }
                for (i2, r2) in group.enumerated() where i2 != i1 && Self.glob(r2.match, matchesText: r1.match) {
                    needsBacktracking = false
                }
                if needsBacktracking {
                    self.backtrackingRules.append(r1.index)
                    needed = true
                }
            }
        }
        self.backtrackingNeeded = !orderingDisabled || needed
    }

    /// Whether `glob` (read with `*` as `[^.]*`) matches the whole of `text`.
    static func glob(_ glob: String, matchesText text: String) -> Bool {
        let patternComponents = glob.split(separator: ".", omittingEmptySubsequences: false)
        let textComponents = text.split(separator: ".", omittingEmptySubsequences: false)
        guard patternComponents.count == textComponents.count else { return false }
        return zip(patternComponents, textComponents).allSatisfy { $0 == "*" || $0 == $1 }
    }
}
