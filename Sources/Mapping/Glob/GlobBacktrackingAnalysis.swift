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
        /// A rule with its text split once: components for glob comparisons, bytes for prefix tests.
        struct Prepared {
            var rule: Rule
            var components: [Substring]
            var bytes: [UInt8]
        }
        var byLength: [Int: [Prepared]] = [:]
        var lengths: [Int] = []
        for rule in rules {
            let components = rule.match.split(separator: ".", omittingEmptySubsequences: false)
            if byLength[components.count] == nil {
                lengths.append(components.count)
            }
            byLength[components.count, default: []].append(
                Prepared(rule: rule, components: components, bytes: Array(rule.match.utf8))
            )
        }
        var needed = false
        for length in lengths {
            guard let group = byLength[length], group.count > 1 else { continue }
            let index = CandidateIndex(group.map(\.components))
            let sorted = group.map(\.bytes).sorted { $0.lexicographicallyPrecedes($1) }
            for (i1, r1) in group.enumerated() where r1.bytes.contains(UInt8(ascii: "*")) {
                var needsBacktracking = false
                for (offset, byte) in r1.bytes.enumerated() where byte == UInt8(ascii: "*") && !needsBacktracking {
                    // r1 itself always has this prefix; another rule must too.
                    needsBacktracking = Self.count(withPrefix: r1.bytes[..<offset], in: sorted) > 1
                }
                for i2 in index.candidatesMatched(byPattern: r1.components)
                where i2 != i1 && Self.glob(r1.components, matches: group[i2].components) {
                    if !orderingDisabled, i1 < i2 {
                        let r2 = group[i2].rule
                        let common = r2.classes.filter(r1.rule.classes.contains)
                        if !common.isEmpty {
                            self.shadowed.append(Shadowed(rule: r2.index, shadowedBy: r1.rule.index, classes: common))
                        }
                    }
                    needsBacktracking = false
                }
                if needsBacktracking,
                    index.candidatesMatching(text: r1.components).contains(where: {
                        $0 != i1 && Self.glob(group[$0].components, matches: r1.components)
                    })
                {
                    needsBacktracking = false
                }
                if needsBacktracking {
                    self.backtrackingRules.append(r1.rule.index)
                    needed = true
                }
            }
        }
        self.backtrackingNeeded = !orderingDisabled || needed
    }

    /// Rules of one length indexed by (position, component text), to avoid comparing every pair.
    private struct CandidateIndex {
        let rules: [[Substring]]
        let byPosition: [[Substring: [Int]]]

        init(_ rules: [[Substring]]) {
            self.rules = rules
            var byPosition = [[Substring: [Int]]](repeating: [:], count: rules.first?.count ?? 0)
            for (ruleIndex, components) in rules.enumerated() {
                for (position, component) in components.enumerated() {
                    byPosition[position][component, default: []].append(ruleIndex)
                }
            }
            self.byPosition = byPosition
        }

        /// Rules whose text the glob `pattern` may match: those sharing its most selective literal component.
        func candidatesMatched(byPattern pattern: [Substring]) -> [Int] {
            var best: [Int]?
            for (position, component) in pattern.enumerated() where component != "*" {
                let list = self.byPosition[position][component] ?? []
                if best == nil || list.count < best!.count {
                    best = list
                }
            }
            return best ?? Array(self.rules.indices)
        }

        /// Rules whose glob may match `text`: at the most selective position, a `*` or the same component.
        func candidatesMatching(text: [Substring]) -> [Int] {
            var best: [Int]?
            for (position, component) in text.enumerated() {
                let stars = self.byPosition[position]["*"] ?? []
                let same = component == "*" ? [] : self.byPosition[position][component] ?? []
                if best == nil || stars.count + same.count < best!.count {
                    best = stars + same
                }
            }
            return best ?? Array(self.rules.indices)
        }
    }

    /// How many of the lexicographically `sorted` byte strings start with `prefix`.
    private static func count(withPrefix prefix: ArraySlice<UInt8>, in sorted: [[UInt8]]) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle].lexicographicallyPrecedes(prefix) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        var count = 0
        var index = low
        while index < sorted.count, sorted[index].starts(with: prefix), count < 2 {
            count += 1
            index += 1
        }
        return count
    }

    /// Whether the glob `pattern` (a `*` component read as `[^.]*`) matches the whole text `text`, both given as
    /// components of the same count.
    private static func glob(_ pattern: [Substring], matches text: [Substring]) -> Bool {
        zip(pattern, text).allSatisfy { $0 == "*" || $0 == $1 }
    }

    /// Whether `glob` (read with `*` as `[^.]*`) matches the whole of `text`.
    static func glob(_ glob: String, matchesText text: String) -> Bool {
        let patternComponents = glob.split(separator: ".", omittingEmptySubsequences: false)
        let textComponents = text.split(separator: ".", omittingEmptySubsequences: false)
        guard patternComponents.count == textComponents.count else { return false }
        return zip(patternComponents, textComponents).allSatisfy { $0 == "*" || $0 == $1 }
    }
}
