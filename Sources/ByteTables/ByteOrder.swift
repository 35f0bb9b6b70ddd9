/// Byte strings compared as Go compares strings: unsigned bytes, left to right, a proper prefix first.
///
/// The one byte equality of the package, used by every table keyed on bytes to confirm a hash match, and the one
/// byte ordering, used wherever names and label sets are sorted for exposition. Both read eight bytes at a time.
/// `@inlinable`, because table lookups in other modules call them per sample.
///
/// `public`, not `package` (an exception to the house rule): Swift 6.3.1 does not inline `@inlinable` members of a
/// `package` type into another module, even with `@inline(__always)` (checked with `-emit-assembly`), and the ingest
/// path calls these per sample from other modules. Only the members that must inline are `public`.
public enum ByteOrder {
    /// Whether `lhs` and `rhs` hold the same bytes.
    /// - Complexity: O(*n*); does not allocate.
    @inlinable
    public static func equal(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        guard lhs.count == rhs.count else { return false }
        // Equal counts: either both have bytes or the count is 0 (an empty buffer may have no base address).
        guard let left = lhs.baseAddress, let right = rhs.baseAddress else { return true }
        return Self.equal(left, right, count: lhs.count)
    }

    /// Whether the `count` bytes at `lhs` equal the `count` bytes at `rhs`: for callers that already compared
    /// lengths and hold pointers into an arena.
    /// - Complexity: O(`count`); does not allocate.
    @inlinable @inline(__always)
    public static func equal(_ lhs: UnsafeRawPointer, _ rhs: UnsafeRawPointer, count: Int) -> Bool {
        var offset = 0
        while offset &+ 8 <= count {
            if lhs.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                != rhs.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            {
                return false
            }
            offset &+= 8
        }
        while offset < count {
            if lhs.load(fromByteOffset: offset, as: UInt8.self) != rhs.load(fromByteOffset: offset, as: UInt8.self) {
                return false
            }
            offset &+= 1
        }
        return true
    }

    /// Whether `lhs` sorts before `rhs` in byte order, as Go's `<` on strings.
    /// - Complexity: O(min(*m*, *n*)); does not allocate.
    @inlinable
    public static func precedes(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        let common = min(lhs.count, rhs.count)
        var index = 0
        while index &+ 8 <= common {
            // Big-endian, so the first differing byte decides the integer comparison.
            let left = UInt64(bigEndian: lhs.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let right = UInt64(bigEndian: rhs.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            if left != right { return left < right }
            index &+= 8
        }
        while index < common {
            let left = lhs[index]
            let right = rhs[index]
            if left != right { return left < right }
            index &+= 1
        }
        return lhs.count < rhs.count
    }
}
