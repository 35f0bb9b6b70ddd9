/// Everything the store needs to create a series: made once, on the slow path, when a series is born.
package struct SeriesDescriptor: Sendable {
    /// The escaped family name.
    package var name: String
    /// Label pairs, sorted by name, without duplicate names.
    package var labels: [Label]
    package var help: String
    package var kind: SeriesKind
    /// For summaries and histograms; ignored for counters and gauges.
    package var observer: ObserverSettings?
    /// Nanoseconds without an update after which the series is removed; 0 keeps it forever.
    package var ttlNanoseconds: UInt64

    package init(
        name: String,
        labels: [Label],
        help: String,
        kind: SeriesKind,
        observer: ObserverSettings? = nil,
        ttlNanoseconds: UInt64 = 0
    ) {
        self.name = name
        self.labels = labels
        self.help = help
        self.kind = kind
        self.observer = observer
        self.ttlNanoseconds = ttlNanoseconds
    }
}
