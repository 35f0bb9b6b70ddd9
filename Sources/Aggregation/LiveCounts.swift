/// How many families and series are live, by type, and which families hold the most series: what the status page
/// shows about cardinality. Read from the family registry alone, in one pass under its lock (no shard is read), so
/// the shares of the largest families and the totals describe the same moment.
package struct LiveCounts: Sendable, Equatable {
    /// A family and how many live series it has.
    package struct Family: Sendable, Equatable {
        package var name: String
        package var kind: SeriesKind
        package var series: Int

        package init(name: String, kind: SeriesKind, series: Int) {
            self.name = name
            self.kind = kind
            self.series = series
        }
    }

    /// Families with at least one live series, by type.
    package var families: [SeriesKind: Int]
    /// Live series by type.
    package var series: [SeriesKind: Int]
    /// The families with the most live series, most first and ties in name order; at most as many as asked for.
    package var largest: [Family]

    package init(families: [SeriesKind: Int], series: [SeriesKind: Int], largest: [Family]) {
        self.families = families
        self.series = series
        self.largest = largest
    }

    /// Live series of every type.
    package var seriesTotal: Int { self.series.values.reduce(0, +) }
}
