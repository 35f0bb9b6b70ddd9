extension GlobMatcher {
    /// Finds the glob rule for `name` in the subtree of `classIndex`, as statsd_exporter's `FSM.GetMapping` does.
    ///
    /// Components are split on `.` (empty ones kept); a `*` transition takes any one component, including an
    /// empty one, and captures it. Branches whose remaining length cannot fit are pruned. In ordered mode every
    /// alternative is explored and the lowest priority wins; with ordering disabled the first result in
    /// literal-before-`*` order wins, and the `*` alternative of a literal is tried only when ``backtracking``
    /// is set. A component that is literally `*` follows the `*` transition without capturing, as in Go.
    /// - Parameters:
    ///   - name: The UTF-8 bytes of the metric name.
    ///   - classIndex: `MetricClass.rawValue`.
    ///   - captures: Scratch space of at least ``captureCapacity(for:)`` elements. On a match, element *i* holds
    ///     the byte range of `name` taken by the (*i*+1)-th `*` (unused elements are empty ranges).
    /// - Returns: The index of the matching glob rule, or `nil`.
    /// - Complexity: O(*c*) hash lookups for *c* components in the common case; at most one visit per state.
    ///   Does not allocate.
    func match(
        _ name: UnsafeBufferPointer<UInt8>,
        classIndex: Int,
        captures: UnsafeMutableBufferPointer<Range<Int>>
    ) -> Int? {
        let componentCount = Self.componentCount(name)
        guard componentCount <= self.maxComponents, captures.count >= 2 * componentCount else { return nil }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: componentCount + 1) { bounds in
            // bounds[i] is the start of component i; bounds[count] is one past the end plus one.
            var component = 0
            bounds[0] = 0
            for offset in 0..<name.count where name[offset] == UInt8(ascii: ".") {
                component += 1
                bounds[component] = offset + 1
            }
            bounds[componentCount] = name.count + 1
            let working = UnsafeMutableBufferPointer(rebasing: captures[componentCount..<(2 * componentCount)])
            let best = UnsafeMutableBufferPointer(rebasing: captures[0..<componentCount])
            working.update(repeating: 0..<0)
            best.update(repeating: 0..<0)
            var search = Search(
                matcher: self,
                name: name,
                bounds: UnsafeBufferPointer(bounds),
                count: componentCount,
                captures: working,
                best: best
            )
            search.explore(from: self.roots[classIndex], field: 0, captureIndex: 0)
            guard search.bestState >= 0 else { return nil }
            return Int(self.states[Int(search.bestState)].rule)
        }
    }

    /// How many capture slots ``match(_:classIndex:captures:)`` needs for `name`.
    static func captureCapacity(for name: UnsafeBufferPointer<UInt8>) -> Int {
        2 * Self.componentCount(name)
    }

    private static func componentCount(_ name: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 1
        for byte in name where byte == UInt8(ascii: ".") {
            count += 1
        }
        return count
    }

    /// One depth-first search; mirrors the backtracking loop of the reference.
    private struct Search {
        let matcher: GlobMatcher
        let name: UnsafeBufferPointer<UInt8>
        let bounds: UnsafeBufferPointer<Int>
        let count: Int
        let captures: UnsafeMutableBufferPointer<Range<Int>>
        let best: UnsafeMutableBufferPointer<Range<Int>>
        var bestState: Int32 = -1
        var finished = false

        init(
            matcher: GlobMatcher,
            name: UnsafeBufferPointer<UInt8>,
            bounds: UnsafeBufferPointer<Int>,
            count: Int,
            captures: UnsafeMutableBufferPointer<Range<Int>>,
            best: UnsafeMutableBufferPointer<Range<Int>>
        ) {
            self.matcher = matcher
            self.name = name
            self.bounds = bounds
            self.count = count
            self.captures = captures
            self.best = best
        }

        private func fits(_ state: Int32, remaining: Int32) -> Bool {
            let entry = self.matcher.states[Int(state)]
            return remaining <= entry.maxRemaining && remaining >= entry.minRemaining
        }

        /// Tries the transitions of `parent` for component `field`.
        mutating func explore(from parent: Int32, field: Int, captureIndex: Int) {
            let range = self.bounds[field]..<(self.bounds[field + 1] - 1)
            let key = UnsafeBufferPointer(rebasing: self.name[range])
            let remaining = Int32(self.count - field - 1)
            let star = self.matcher.states[Int(parent)].starChild
            let starFits = star >= 0 && self.fits(star, remaining: remaining)
            let literal: Int32
            if key.count == 1, key[0] == UInt8(ascii: "*") {
                literal = star
            } else {
                literal = self.matcher.literalChild(of: parent, key: key)
            }
            if literal >= 0, self.fits(literal, remaining: remaining) {
                self.visit(literal, field: field, captureIndex: captureIndex)
                if self.finished || !self.matcher.backtracking || !starFits {
                    return
                }
            } else if !starFits {
                return
            }
            self.captures[captureIndex] = range
            self.visit(star, field: field, captureIndex: captureIndex + 1)
        }

        private mutating func visit(_ state: Int32, field: Int, captureIndex: Int) {
            let entry = self.matcher.states[Int(state)]
            if field == self.count - 1 {
                guard entry.rule >= 0 else { return }
                if self.matcher.orderingDisabled {
                    self.bestState = state
                    self.finished = true
                    _ = self.best.update(fromContentsOf: self.captures)
                } else if self.bestState < 0 || self.matcher.states[Int(self.bestState)].priority > entry.priority {
                    self.bestState = state
                    _ = self.best.update(fromContentsOf: self.captures)
                }
                return
            }
            self.explore(from: state, field: field + 1, captureIndex: captureIndex)
        }
    }
}
