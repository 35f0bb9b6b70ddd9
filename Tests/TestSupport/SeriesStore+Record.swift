import Aggregation

extension SeriesStore {
    /// Creates the series `name` of `kind` (help "Help of NAME.") and applies each of `values` to it, all at time
    /// 1000: how renderer and encoder tests fill a store.
    /// - Returns: whether the series was created.
    @discardableResult
    package func record(
        _ name: String,
        _ kind: SeriesKind,
        labels: [Label] = [],
        observer: ObserverSettings? = nil,
        _ values: [Double]
    ) -> Bool {
        let descriptor = SeriesDescriptor(
            name: name,
            labels: labels,
            help: "Help of \(name).",
            kind: kind,
            observer: observer
        )
        guard case .series(let handle) = self.resolve(descriptor, now: 1_000) else { return false }
        for value in values {
            _ = self.apply(Observation(value: value), to: handle, now: 1_000)
        }
        return true
    }
}
