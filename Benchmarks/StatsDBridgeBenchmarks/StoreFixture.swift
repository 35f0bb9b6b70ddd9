import Aggregation

/// A store filled with series of one kind, their handles and 4,096 values (0 to 10 in steps of 0.0001, from a fixed
/// seed) to apply to them: what the store and scrape benchmarks feed.
struct StoreFixture {
    let store: SeriesStore
    let handles: [SeriesHandle]
    let values: [Double]

    /// `count` series named `prefix_0`, `prefix_1`, … with `labels`; each created by ``SeriesStore/resolve(_:now:)``
    /// at time 0.
    init(count: Int, prefix: String, labels: [Label], kind: SeriesKind, observer: ObserverSettings?) {
        let store = SeriesStore()
        var random = SplitMix(seed: 42)
        self.values = (0..<4096).map { _ in Double(random.next() % 100_000) / 10_000 }
        self.handles = (0..<count).map { index -> SeriesHandle in
            let descriptor = SeriesDescriptor(
                name: "\(prefix)_\(index)",
                labels: labels,
                help: "help",
                kind: kind,
                observer: observer
            )
            guard case .series(let handle) = store.resolve(descriptor, now: 0) else {
                fatalError("could not create series \(index)")
            }
            return handle
        }
        self.store = store
    }
}
