import ByteTables

/// The type lock: which type and help each family name has, kept for the life of the process.
///
/// Matches statsd_exporter v0.30.0 pkg/registry: the first type registered for a name wins, across all label sets,
/// and the lock survives TTL expiry of every series. A histogram also claims `_sum`, `_count` and `_bucket`, a
/// summary `_sum` and `_count`.
///
/// Stored flat, because every distinct StatsD name may be a family of its own: names in one byte arena, help texts
/// and observer settings interned (a family holds their numbers), and a ``HashIndex`` from name to family number.
/// Families are numbered in order of birth and never removed; scrapes read them in name order, which is kept sorted
/// incrementally (only families born since the last scrape are sorted, then merged).
struct FamilyRegistry: Sendable {
    struct Family: Sendable {
        var nameStart: UInt32
        var nameCount: UInt32
        /// Index into ``helps``.
        var help: UInt32
        /// Index into ``observers``, or ``noObserver``.
        var observer: UInt32
        var liveSeries: UInt32
        var kind: SeriesKind
    }

    static let noObserver = UInt32.max

    private(set) var families: [Family] = []
    private(set) var names: [UInt8] = []
    private(set) var helps: [String] = []
    private var helpNumbers: [String: UInt32] = [:]
    /// The observer settings of the first series of each family that has them; later series of the family use
    /// the same buckets or quantiles so the family renders consistently.
    private(set) var observers: [ObserverSettings] = []
    /// For each entry of ``observers``: its quantile objectives as summary windows take them, one array shared by
    /// every window of the family.
    private(set) var objectives: [[(quantile: Double, error: Double)]] = []
    private var observerNumbers: [ObserverSettings: UInt32] = [:]
    /// Family numbers by name hash.
    private var index = HashIndex()
    private let seed = ByteHash.randomSeed()
    /// Family numbers in name order, covering the first ``sortedCount`` families.
    private var order: [UInt32] = []
    private var sortedCount = 0

    /// The family named `name`, if registered.
    func number(of name: String) -> UInt32? {
        var name = name
        return name.withUTF8 { self.number(of: UnsafeRawBufferPointer($0)) }
    }

    func number(of name: UnsafeRawBufferPointer) -> UInt32? {
        self.names.withUnsafeBytes { names in
            self.index.find(hash: ByteHash.hash(name, seed: self.seed)) { number in
                ByteOrder.equal(Self.name(of: self.families[Int(number)], in: names), name)
            }
        }
    }

    /// The name of family `number`.
    func name(of number: UInt32) -> String {
        let family = self.families[Int(number)]
        return String(
            decoding: self.names[Int(family.nameStart)..<Int(family.nameStart &+ family.nameCount)],
            as: UTF8.self
        )
    }

    /// Admits a new series of `descriptor`'s family, registering the family when it is new.
    /// - Returns: the family's number, or `nil` when the name is locked to another type.
    mutating func admit(_ descriptor: SeriesDescriptor) -> UInt32? {
        // Suffix collisions are checked for every new series, not only when its family is born: a family that
        // appeared since (`x` after `x_bucket{bb="1"}`) refuses the next label set, as in statsd_exporter.
        guard !self.collides(descriptor.name, kind: descriptor.kind) else { return nil }
        if let existing = self.number(of: descriptor.name) {
            guard self.families[Int(existing)].kind == descriptor.kind else { return nil }
            self.families[Int(existing)].liveSeries &+= 1
            return existing
        }
        return self.register(descriptor)
    }

    /// Records that one series of family `number` expired. The family itself, and so its type lock, stays.
    mutating func release(_ number: UInt32) {
        self.families[Int(number)].liveSeries &-= 1
    }

    /// Family numbers in name order (byte order, as Go compares strings). Sorts only the families born since the
    /// previous call.
    /// - Complexity: O(*k* log *k* + *n*) for *k* new families out of *n*.
    mutating func sortedNumbers() -> [UInt32] {
        guard self.sortedCount < self.families.count else { return self.order }
        var fresh = Array(UInt32(self.sortedCount)..<UInt32(self.families.count))
        self.names.withUnsafeBytes { names in
            fresh.sort { Self.precedes($0, $1, self.families, names) }
            if self.order.isEmpty {
                self.order = fresh
                return
            }
            var merged: [UInt32] = []
            merged.reserveCapacity(self.order.count + fresh.count)
            var old = 0
            var new = 0
            while old < self.order.count && new < fresh.count {
                if Self.precedes(fresh[new], self.order[old], self.families, names) {
                    merged.append(fresh[new])
                    new += 1
                } else {
                    merged.append(self.order[old])
                    old += 1
                }
            }
            merged.append(contentsOf: self.order[old...])
            merged.append(contentsOf: fresh[new...])
            self.order = merged
        }
        self.sortedCount = self.families.count
        return self.order
    }

    /// The numbers of the `limit` families with the most live series, most first; ties in name order, so the
    /// choice at the cut is stable. Families without live series are left out.
    /// - Complexity: O(*n* log *k*) comparisons for *n* families and a `limit` of *k*; allocates only the result.
    func largest(_ limit: Int) -> [UInt32] {
        guard limit > 0 else { return [] }
        var top: [UInt32] = []
        top.reserveCapacity(limit + 1)
        self.names.withUnsafeBytes { names in
            /// Whether family `lhs` ranks above `rhs`: more live series, or as many and an earlier name.
            func ranksAbove(_ lhs: UInt32, _ rhs: UInt32) -> Bool {
                let (left, right) = (self.families[Int(lhs)].liveSeries, self.families[Int(rhs)].liveSeries)
                return left != right ? left > right : Self.precedes(lhs, rhs, self.families, names)
            }
            for number in 0..<UInt32(self.families.count) where self.families[Int(number)].liveSeries > 0 {
                if top.count == limit, !ranksAbove(number, top[limit - 1]) { continue }
                var low = 0
                var high = top.count
                while low < high {
                    let middle = (low + high) / 2
                    if ranksAbove(number, top[middle]) { high = middle } else { low = middle + 1 }
                }
                top.insert(number, at: low)
                if top.count > limit { top.removeLast() }
            }
        }
        return top
    }

    private static func precedes(
        _ lhs: UInt32,
        _ rhs: UInt32,
        _ families: [Family],
        _ names: UnsafeRawBufferPointer
    ) -> Bool {
        ByteOrder.precedes(Self.name(of: families[Int(lhs)], in: names), Self.name(of: families[Int(rhs)], in: names))
    }

    /// The name bytes of `family`.
    @inline(__always)
    private static func name(of family: Family, in names: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: names[Int(family.nameStart)..<Int(family.nameStart &+ family.nameCount)])
    }

    /// The hash ``index`` files `family` under.
    private static func hash(of family: Family, names: [UInt8], seed: UInt64) -> UInt64 {
        names.withUnsafeBytes { ByteHash.hash(Self.name(of: family, in: $0), seed: seed) }
    }

    private mutating func register(_ descriptor: SeriesDescriptor) -> UInt32 {
        let number = UInt32(self.families.count)
        let start = UInt32(self.names.count)
        self.names.append(contentsOf: descriptor.name.utf8)
        let help: UInt32
        if let known = self.helpNumbers[descriptor.help] {
            help = known
        } else {
            help = UInt32(self.helps.count)
            self.helps.append(descriptor.help)
            self.helpNumbers[descriptor.help] = help
        }
        var observer = Self.noObserver
        if let settings = descriptor.observer {
            if let known = self.observerNumbers[settings] {
                observer = known
            } else {
                observer = UInt32(self.observers.count)
                self.observers.append(settings)
                if case .summary(let quantiles, _, _, _) = settings {
                    self.objectives.append(quantiles.map { (quantile: $0.quantile, error: $0.error) })
                } else {
                    self.objectives.append([])
                }
                self.observerNumbers[settings] = observer
            }
        }
        self.families.append(
            Family(
                nameStart: start,
                nameCount: UInt32(self.names.count) &- start,
                help: help,
                observer: observer,
                liveSeries: 1,
                kind: descriptor.kind
            )
        )
        let hash = Self.hash(of: self.families[Int(number)], names: self.names, seed: self.seed)
        self.index.insert(number, hash: hash) { [families = self.families, names = self.names, seed = self.seed] in
            Self.hash(of: families[Int($0)], names: names, seed: seed)
        }
        return number
    }

    private func kind(of name: String) -> SeriesKind? {
        self.number(of: name).map { self.families[Int($0)].kind }
    }

    /// Whether a series of `name` and `kind` would clash with another family's names in the scrape.
    ///
    /// statsd_exporter's rules: a counter or gauge named `base_sum`, `base_count` or `base_bucket` clashes with an
    /// existing `base` that is not a counter. Beyond them, where the reference would serve a scrape Prometheus
    /// rejects (a series name twice), the name is refused too: a summary or histogram whose `_sum`, `_count` (and
    /// `_bucket`) names are taken by any family, and a family whose own name is the `_sum`, `_count` or `_bucket`
    /// series of an existing summary or histogram.
    private func collides(_ name: String, kind: SeriesKind) -> Bool {
        let ownSuffixes: [String]
        switch kind {
        case .histogram: ownSuffixes = ["_sum", "_count", "_bucket"]
        case .summary: ownSuffixes = ["_sum", "_count"]
        case .counter, .gauge: ownSuffixes = []
        }
        if ownSuffixes.contains(where: { self.number(of: name + $0) != nil }) {
            return true
        }
        for suffix in ["_sum", "_count", "_bucket"] where name.hasSuffix(suffix) {
            guard let base = self.kind(of: String(name.dropLast(suffix.utf8.count))) else { continue }
            switch (kind, base) {
            case (.counter, .counter), (.gauge, .counter):
                continue
            case (.counter, _), (.gauge, _):
                return true
            case (_, .histogram):
                return true
            case (_, .summary):
                if suffix != "_bucket" { return true }
            case (_, .counter), (_, .gauge):
                continue
            }
        }
        return false
    }
}
