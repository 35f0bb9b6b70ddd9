/// What makes a series unique: its family name and its label pairs.
struct SeriesIdentity: Sendable, Hashable {
    var name: String
    var labels: [Label]
}
