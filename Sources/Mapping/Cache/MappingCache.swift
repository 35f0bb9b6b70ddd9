import StatsDProtocol
import Synchronization

/// `--statsd.cache-size` / `--statsd.cache-type`: caches match results (misses included) keyed by class and
/// name, as statsd_exporter's mapper cache does. Thread-safe.
///
/// The cache remembers which ``MappingConfig`` its entries came from and empties itself when asked about
/// another one, so a reload can never serve stale results even before the caller's ``removeAll()``.
package final class MappingCache: Sendable {
    private enum Storage {
        case disabled
        case lru(LRUCacheStorage)
        case random(RandomCacheStorage)
    }

    private struct State {
        var storage: Storage
        var config: MappingConfig?
        var gets: UInt64 = 0
        var hits: UInt64 = 0
    }

    private let state: Mutex<State>
    package let type: MappingCacheType
    package let size: Int

    /// - Parameters:
    ///   - size: Maximum number of entries; 0 disables the cache.
    ///   - type: The eviction policy.
    package init(size: Int, type: MappingCacheType) {
        self.size = max(size, 0)
        self.type = type
        let storage: Storage
        if size <= 0 {
            storage = .disabled
        } else {
            switch type {
            case .lru:
                storage = .lru(LRUCacheStorage(capacity: size))
            case .random:
                storage = .random(RandomCacheStorage(capacity: size))
            }
        }
        self.state = Mutex(State(storage: storage))
    }

    /// The cached result for `name`, else `config.match` (stored, misses included).
    /// - Returns: The mapping result, or `nil` when unmapped (the caller then uses
    ///   ``MappingConfig/unmappedResult(for:)``).
    /// - Complexity: One hash lookup under a lock on a hit; does not allocate on a hit.
    package func result(for name: String, class metricClass: MetricClass, in config: MappingConfig) -> MappingResult? {
        let key = MappingCacheKey(name: name, metricClass: metricClass)
        let cached: MappingResult?? = self.state.withLock { state in
            if state.config !== config {
                state.config = config
                Self.clear(&state.storage)
            }
            switch state.storage {
            case .disabled:
                return nil
            case .lru(var storage):
                state.storage = .disabled
                state.gets &+= 1
                let value = storage.value(for: key)
                if value != nil {
                    state.hits &+= 1
                }
                state.storage = .lru(storage)
                return value
            case .random(let storage):
                return storage.value(for: key)
            }
        }
        if let cached {
            return cached
        }
        let result = config.match(name, class: metricClass)
        self.state.withLock { state in
            guard state.config === config else { return }
            switch state.storage {
            case .disabled:
                break
            case .lru(var storage):
                state.storage = .disabled
                storage.insert(result, for: key)
                state.storage = .lru(storage)
            case .random(var storage):
                state.storage = .disabled
                storage.insert(result, for: key)
                state.storage = .random(storage)
            }
        }
        return result
    }

    /// Empties the cache (on reload). Gets and hits are kept, like the reference's counters.
    package func removeAll() {
        self.state.withLock { state in
            Self.clear(&state.storage)
        }
    }

    /// Entries in the cache (`statsd_metric_mapper_cache_length`).
    package var length: Int {
        self.state.withLock { state in
            switch state.storage {
            case .disabled: 0
            case .lru(let storage): storage.count
            case .random(let storage): storage.count
            }
        }
    }

    /// Lookups (`statsd_metric_mapper_cache_gets_total`); stays 0 for the random cache, as in the reference.
    package var gets: UInt64 { self.state.withLock { $0.gets } }

    /// Hits (`statsd_metric_mapper_cache_hits_total`); stays 0 for the random cache, as in the reference.
    package var hits: UInt64 { self.state.withLock { $0.hits } }

    private static func clear(_ storage: inout Storage) {
        switch storage {
        case .disabled:
            break
        case .lru(var lru):
            storage = .disabled
            lru.removeAll()
            storage = .lru(lru)
        case .random(var random):
            storage = .disabled
            random.removeAll()
            storage = .random(random)
        }
    }
}
