import ConfigSupport

/// The mapping rule that produced a result.
package struct MatchedRule: Sendable, Hashable {
    /// 0-based position in `mappings:`.
    package var index: Int
    /// Position of the rule (its first key) in the config file.
    package var location: SourceLocation
    /// The rule's `match` text as written.
    package var match: String

    package init(index: Int, location: SourceLocation, match: String) {
        self.index = index
        self.location = location
        self.match = match
    }
}
