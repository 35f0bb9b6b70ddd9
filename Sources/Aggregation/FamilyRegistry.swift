/// The type lock: which type and help each family name has, kept for the life of the process.
///
/// Matches statsd_exporter v0.30.0 pkg/registry: the first type registered for a name wins, across all label sets,
/// and the lock survives TTL expiry of every series. A histogram also claims `_sum`, `_count` and `_bucket`, a
/// summary `_sum` and `_count`.
struct FamilyRegistry: Sendable {
    struct Family: Sendable {
        var kind: SeriesKind
        var help: String
        /// The observer settings of the first series; later series of the family use the same buckets or quantiles
        /// so the family renders consistently.
        var observer: ObserverSettings?
        var liveSeries: Int
    }

    private(set) var families: [String: Family] = [:]

    /// Admits a new series of `descriptor`'s family, registering the family when it is new.
    /// - Returns: the family's settings, or `nil` when the name is locked to another type.
    mutating func admit(_ descriptor: SeriesDescriptor) -> Family? {
        if let existing = self.families[descriptor.name] {
            guard existing.kind == descriptor.kind else { return nil }
            self.families[descriptor.name]!.liveSeries += 1
            return existing
        }
        guard !self.collides(descriptor.name, kind: descriptor.kind) else { return nil }
        let family = Family(kind: descriptor.kind, help: descriptor.help, observer: descriptor.observer, liveSeries: 1)
        self.families[descriptor.name] = family
        return family
    }

    /// Records that one series of `name` expired. The family itself, and so its type lock, stays.
    mutating func release(_ name: String) {
        self.families[name]?.liveSeries -= 1
    }

    private func collides(_ name: String, kind: SeriesKind) -> Bool {
        switch kind {
        case .histogram:
            return ["_sum", "_count", "_bucket"].contains { self.families[name + $0].map { $0.kind != kind } ?? false }
        case .summary:
            return ["_sum", "_count"].contains { self.families[name + $0].map { $0.kind != kind } ?? false }
        case .counter, .gauge:
            for suffix in ["_sum", "_count", "_bucket"] where name.hasSuffix(suffix) {
                let base = String(name.dropLast(suffix.utf8.count))
                if let family = self.families[base], family.kind != .counter { return true }
            }
            return false
        }
    }
}
