/// `--statsd.cache-type`: how the mapping cache evicts when full.
package enum MappingCacheType: String, Sendable, CaseIterable {
    /// Least recently used; tracks gets and hits.
    case lru
    /// An arbitrary entry; only the length is tracked, as in statsd_exporter.
    case random
}
