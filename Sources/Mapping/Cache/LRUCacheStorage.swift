/// Least-recently-used storage for ``MappingCache``: a dictionary into a doubly linked list kept in arrays, so
/// neither a hit nor an eviction allocates once the cache is full.
struct LRUCacheStorage {
    private struct Entry {
        var key: MappingCacheKey
        var value: MappingResult?
        var previous: Int
        var next: Int
    }

    let capacity: Int
    private var indexes: [MappingCacheKey: Int] = [:]
    private var entries: [Entry] = []
    /// Most recently used entry, or -1.
    private var head = -1
    /// Least recently used entry, or -1.
    private var tail = -1

    init(capacity: Int) {
        self.capacity = capacity
        self.indexes.reserveCapacity(capacity)
        self.entries.reserveCapacity(capacity)
    }

    var count: Int { self.entries.count }

    /// The cached value (`.some(nil)` is a cached miss), marking it most recently used.
    mutating func value(for key: MappingCacheKey) -> MappingResult?? {
        guard let index = self.indexes[key] else { return nil }
        self.moveToFront(index)
        return .some(self.entries[index].value)
    }

    /// Stores `value`, evicting the least recently used entry when full.
    mutating func insert(_ value: MappingResult?, for key: MappingCacheKey) {
        if let index = self.indexes[key] {
            self.entries[index].value = value
            self.moveToFront(index)
            return
        }
        if self.entries.count < self.capacity {
            self.entries.append(Entry(key: key, value: value, previous: -1, next: -1))
            let index = self.entries.count - 1
            self.indexes[key] = index
            self.linkAtFront(index)
            return
        }
        let index = self.tail
        self.unlink(index)
        self.indexes[self.entries[index].key] = nil
        self.entries[index].key = key
        self.entries[index].value = value
        self.indexes[key] = index
        self.linkAtFront(index)
    }

    mutating func removeAll() {
        self.indexes.removeAll(keepingCapacity: true)
        self.entries.removeAll(keepingCapacity: true)
        self.head = -1
        self.tail = -1
    }

    private mutating func moveToFront(_ index: Int) {
        guard index != self.head else { return }
        self.unlink(index)
        self.linkAtFront(index)
    }

    private mutating func unlink(_ index: Int) {
        let previous = self.entries[index].previous
        let next = self.entries[index].next
        if previous >= 0 {
            self.entries[previous].next = next
        } else {
            self.head = next
        }
        if next >= 0 {
            self.entries[next].previous = previous
        } else {
            self.tail = previous
        }
        self.entries[index].previous = -1
        self.entries[index].next = -1
    }

    private mutating func linkAtFront(_ index: Int) {
        self.entries[index].previous = -1
        self.entries[index].next = self.head
        if self.head >= 0 {
            self.entries[self.head].previous = index
        }
        self.head = index
        if self.tail < 0 {
            self.tail = index
        }
    }
}
