/// Random-replacement storage for ``MappingCache``: when full, an arbitrary entry makes room, as in
/// statsd_exporter's `randomreplacement` cache.
struct RandomCacheStorage {
    let capacity: Int
    private var indexes: [MappingCacheKey: Int] = [:]
    private var keys: [MappingCacheKey] = []
    private var values: [MappingResult?] = []
    private var generator = SystemRandomNumberGenerator()

    init(capacity: Int) {
        self.capacity = capacity
        self.indexes.reserveCapacity(capacity)
        self.keys.reserveCapacity(capacity)
        self.values.reserveCapacity(capacity)
    }

    var count: Int { self.keys.count }

    /// The cached value (`.some(nil)` is a cached miss).
    func value(for key: MappingCacheKey) -> MappingResult?? {
        guard let index = self.indexes[key] else { return nil }
        return .some(self.values[index])
    }

    mutating func insert(_ value: MappingResult?, for key: MappingCacheKey) {
        if let index = self.indexes[key] {
            self.values[index] = value
            return
        }
        if self.keys.count >= self.capacity, !self.keys.isEmpty {
            let victim = Int.random(in: 0..<self.keys.count, using: &self.generator)
            let last = self.keys.count - 1
            self.indexes[self.keys[victim]] = nil
            if victim != last {
                self.keys[victim] = self.keys[last]
                self.values[victim] = self.values[last]
                self.indexes[self.keys[victim]] = victim
            }
            self.keys.removeLast()
            self.values.removeLast()
        }
        self.indexes[key] = self.keys.count
        self.keys.append(key)
        self.values.append(value)
    }

    mutating func removeAll() {
        self.indexes.removeAll(keepingCapacity: true)
        self.keys.removeAll(keepingCapacity: true)
        self.values.removeAll(keepingCapacity: true)
    }
}
