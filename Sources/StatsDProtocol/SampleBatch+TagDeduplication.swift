extension SampleBatch {
    /// Lists up to this many tags are deduplicated by pairwise comparison; longer ones use ``tagSlots``.
    static let pairwiseDeduplicationLimit = 16

    /// Removes repeated keys from the tags from `start` to the end of ``tags``.
    ///
    /// Matches statsd_exporter, which collects tags in a Go map: the last value of a repeated key wins. The surviving
    /// entry keeps the position of the key's first occurrence. Removed entries are cut from the end of ``tags``; their
    /// bytes stay in the arena. Does not allocate once ``tagSlots`` has grown to fit.
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
            var size = 1
            while size < count &* 2 {
                size &<<= 1
            }
            let mask = size &- 1
            self.tagSlots.removeAll(keepingCapacity: true)
            self.tagSlots.append(contentsOf: repeatElement(-1, count: size))
            for read in start..<end {
                let tag = self.tags[read]
                var slot = self.hashKey(tag.key) & mask
                while true {
                    let existing = self.tagSlots[slot]
                    if existing < 0 {
                        self.tagSlots[slot] = write
                        self.tags[write] = tag
                        write &+= 1
                        break
                    }
                    if self.keysEqual(self.tags[existing].key, tag.key) {
                        self.tags[existing].value = tag.value
                        break
                    }
                    slot = (slot &+ 1) & mask
                }
            }
        }
        self.tags.removeLast(end - write)
        return start..<write
    }

    /// Whether two ranges of ``bytes`` hold the same bytes.
    private func keysEqual(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        var i = a.lowerBound
        var j = b.lowerBound
        while i < a.upperBound {
            if self.bytes[i] != self.bytes[j] { return false }
            i &+= 1
            j &+= 1
        }
        return true
    }

    /// FNV-1a over a range of ``bytes``, folded to a non-negative `Int`.
    private func hashKey(_ key: Range<Int>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in key {
            hash = (hash ^ UInt64(self.bytes[i])) &* 0x0000_0100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 32)) & Int.max
    }
}
