import Mapping
import StatsDProtocol
import Testing

/// The mapping-result cache: hits, cached misses, eviction, counters, reload.
struct MappingCacheTests {
    private let config: MappingConfig

    init() throws {
        self.config = try MappingConfig(
            yaml: "mappings:\n- match: a.*\n  name: a\n  labels: {v: \"$1\"}\n",
            fileName: "m.yml"
        )
    }

    @Test func aDisabledCacheStillMaps() {
        let cache = MappingCache(size: 0, type: .lru)
        #expect(cache.result(for: "a.x", class: .counter, in: self.config)?.name == "a")
        #expect(cache.result(for: "b", class: .counter, in: self.config) == nil)
        #expect(cache.length == 0)
        #expect(cache.gets == 0)
    }

    @Test func lruCountsGetsAndHitsAndCachesMisses() {
        let cache = MappingCache(size: 10, type: .lru)
        #expect(cache.result(for: "a.x", class: .counter, in: self.config)?.labels.first?.value == "x")
        #expect(cache.result(for: "a.x", class: .counter, in: self.config)?.labels.first?.value == "x")
        #expect(cache.result(for: "a.x", class: .gauge, in: self.config)?.labels.first?.value == "x")
        #expect(cache.result(for: "nope", class: .counter, in: self.config) == nil)
        #expect(cache.result(for: "nope", class: .counter, in: self.config) == nil)
        #expect(cache.length == 3)
        #expect(cache.gets == 5)
        #expect(cache.hits == 2)
    }

    @Test func lruEvictsTheLeastRecentlyUsedEntry() {
        let cache = MappingCache(size: 2, type: .lru)
        _ = cache.result(for: "a.1", class: .counter, in: self.config)
        _ = cache.result(for: "a.2", class: .counter, in: self.config)
        _ = cache.result(for: "a.1", class: .counter, in: self.config)  // a.2 is now the oldest
        _ = cache.result(for: "a.3", class: .counter, in: self.config)  // evicts a.2
        #expect(cache.length == 2)
        let hitsBefore = cache.hits
        _ = cache.result(for: "a.1", class: .counter, in: self.config)
        #expect(cache.hits == hitsBefore + 1)
        _ = cache.result(for: "a.2", class: .counter, in: self.config)
        #expect(cache.hits == hitsBefore + 1)
    }

    @Test func randomCacheStaysWithinItsSizeAndKeepsNoCounters() {
        let cache = MappingCache(size: 3, type: .random)
        for index in 0..<20 {
            #expect(
                cache.result(for: "a.\(index)", class: .counter, in: self.config)?.labels.first?.value == "\(index)"
            )
        }
        #expect(cache.length == 3)
        #expect(cache.gets == 0)
        #expect(cache.hits == 0)
    }

    @Test func removeAllAndAnotherConfigEmptyTheCache() throws {
        let cache = MappingCache(size: 10, type: .lru)
        _ = cache.result(for: "a.x", class: .counter, in: self.config)
        cache.removeAll()
        #expect(cache.length == 0)
        _ = cache.result(for: "a.x", class: .counter, in: self.config)
        let reloaded = try MappingConfig(yaml: "mappings:\n- match: a.*\n  name: b\n", fileName: "m.yml")
        #expect(cache.result(for: "a.x", class: .counter, in: reloaded)?.name == "b")
        #expect(cache.length == 1)
    }

    @Test(arguments: MappingCacheType.allCases)
    func concurrentLookupsAgree(type: MappingCacheType) async {
        let cache = MappingCache(size: 50, type: type)
        let config = self.config
        await withTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    (0..<2000).allSatisfy { step in
                        let value = "\((step * 7 + task) % 100)"
                        return cache.result(for: "a.\(value)", class: .counter, in: config)?.labels.first?.value
                            == value
                    }
                }
            }
            for await agreed in group {
                #expect(agreed)
            }
        }
        #expect(cache.length <= 50)
    }
}
