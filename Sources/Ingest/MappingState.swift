import Mapping
import Synchronization

/// The mapping in force and its generation. A reload swaps both at once; pipelines compare the generation once
/// per datagram and drop their caches when it moved.
package final class MappingState: Sendable {
    private let current: Mutex<MappingConfig>
    private let generationCounter = Atomic<UInt64>(0)
    package let cache: MappingCache

    package init(config: MappingConfig, cacheSize: Int, cacheType: MappingCacheType) {
        self.current = Mutex(config)
        self.cache = MappingCache(size: cacheSize, type: cacheType)
    }

    package var generation: UInt64 { self.generationCounter.load(ordering: .acquiring) }
    package var config: MappingConfig { self.current.withLock { $0 } }

    /// Installs `config`, clears the mapping cache and moves the generation on.
    package func replace(with config: MappingConfig) {
        self.current.withLock { $0 = config }
        self.cache.removeAll()
        self.generationCounter.add(1, ordering: .releasing)
    }
}
