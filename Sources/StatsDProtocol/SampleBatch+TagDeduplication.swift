import ByteTables

extension SampleBatch {
    /// Lists up to this many tags are deduplicated by pairwise comparison; longer ones use ``tagIndex``.
    static let pairwiseDeduplicationLimit = 16

    /// Removes repeated keys from the tags from `start` to the end of ``tags``.
    ///
    /// Matches statsd_exporter, which collects tags in a Go map: the last value of a repeated key wins. The surviving
    /// entry keeps the position of the key's first occurrence. Removed entries are cut from the end of ``tags``; their
    /// bytes stay in the arena. Does not allocate once ``tagIndex`` has grown to fit (it shrinks again after a list
    /// four times longer than the one at hand).
    /// - Parameter start: The first index of the tag list; the list must run to the end of ``tags``.
    /// - Returns: The range of the deduplicated list.
    /// - Complexity: O(*n*²) for *n* ≤ 16 tags, expected O(*n*) above.
    mutating func deduplicateTags(from start: Int) -> Range<Int> {
        let end = self.tags.count
        let count = end - start
        guard count > 1 else { return start..<end }
        var write = start
        if count <= Self.pairwiseDeduplicationLimit {
            for read in start..<end {
                let tag = self.tags[read]
                var existing = start
                while existing < write, !self.keysEqual(self.tags[existing].key, tag.key) {
                    existing &+= 1
                }
                if existing < write {
                    self.tags[existing].value = tag.value
                } else {
                    self.tags[write] = tag
                    write &+= 1
                }
            }
        } else {
            self.tagIndex.removeAll(reservingCapacity: count)
            for read in start..<end {
                let tag = self.tags[read]
                let hash = self.hashKey(tag.key)
                let existing = self.tagIndex.find(hash: hash) { self.keysEqual(self.tags[Int($0)].key, tag.key) }
                if let existing {
                    self.tags[Int(existing)].value = tag.value
                } else {
                    self.tags[write] = tag
                    // Reserved for the whole list above, so the index never grows and never needs `rehash`.
                    self.tagIndex.insert(UInt32(write), hash: hash) { _ in preconditionFailure("reserved to fit") }
                    write &+= 1
                }
            }
        }
        self.tags.removeLast(end - write)
        return start..<write
    }

    /// Whether two ranges of ``bytes`` hold the same bytes.
    @inline(__always)
    private func keysEqual(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        self.bytes.withUnsafeBytes { bytes in
            ByteOrder.equal(UnsafeRawBufferPointer(rebasing: bytes[a]), UnsafeRawBufferPointer(rebasing: bytes[b]))
        }
    }

    /// ``ByteHash`` of a range of ``bytes``, under the batch's ``tagSeed``.
    @inline(__always)
    private func hashKey(_ key: Range<Int>) -> UInt64 {
        self.bytes.withUnsafeBytes { ByteHash.hash(UnsafeRawBufferPointer(rebasing: $0[key]), seed: self.tagSeed) }
    }
}
