import Aggregation
import ByteTables

/// The order every format renders a scrape in: the store's families and the self-metric families merged by name
/// (byte order, as Go sorts). A store family whose name is also a self-metric's is left out, so the scrape stays
/// valid; the self-metric is shown.
package enum FamilyMerge {
    /// Calls `store` for each family of `snapshot` (with its name's bytes) and `own` for each self-metric family,
    /// in exposition order.
    package static func forEach(
        _ snapshot: ExpositionSnapshot,
        merging own: [MetricFamilySnapshot],
        store: (ExpositionSnapshot.Family, UnsafeRawBufferPointer) -> Void,
        own ownFamily: (MetricFamilySnapshot) -> Void
    ) {
        let own = own.map { (name: Array($0.name.utf8), family: $0) }.sorted { left, right in
            left.name.withUnsafeBytes { left in right.name.withUnsafeBytes { ByteOrder.precedes(left, $0) } }
        }
        var nextOwn = 0
        snapshot.names.withUnsafeBytes { names in
            for family in snapshot.families {
                let name = UnsafeRawBufferPointer(rebasing: names[family.name])
                while nextOwn < own.count, own[nextOwn].name.withUnsafeBytes({ ByteOrder.precedes($0, name) }) {
                    ownFamily(own[nextOwn].family)
                    nextOwn += 1
                }
                if nextOwn < own.count, own[nextOwn].name.withUnsafeBytes({ ByteOrder.equal($0, name) }) {
                    continue
                }
                store(family, name)
            }
        }
        while nextOwn < own.count {
            ownFamily(own[nextOwn].family)
            nextOwn += 1
        }
    }
}
