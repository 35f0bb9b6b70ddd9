/// A seeded 64-bit hash of byte strings for the hash tables of the ingest path (after wyhash's multiply-fold
/// mixing): eight bytes per step, so a typical 20–80-byte key hashes in a few nanoseconds.
///
/// The one byte hash of the package: every table keyed on bytes hashes with it, so there is one function to make
/// fast and one to trust. `@inlinable`, because the ingest path hashes every sample's key from another module.
///
/// Not a cryptographic hash. Tables seed it with a random per-process value, so keys that collide cannot be chosen
/// from outside.
///
/// `public`, not `package` (an exception to the house rule): Swift 6.3.1 does not inline `@inlinable` members of a
/// `package` type into another module, even with `@inline(__always)` (checked with `-emit-assembly`), and the ingest
/// path calls these per sample from other modules. Only the members that must inline are `public`.
public enum ByteHash {
    // Computed rather than stored: an inlined `static let` of another module is reached through a lazy-init check.
    @inlinable static var prime0: UInt64 { 0xA076_1D64_78BD_642F }
    @inlinable static var prime1: UInt64 { 0xE703_7ED1_A0B4_28DB }
    @inlinable static var prime2: UInt64 { 0x8EBC_6AF0_9C88_C6E3 }

    @inlinable @inline(__always)
    static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    /// A fresh random seed.
    package static func randomSeed() -> UInt64 {
        UInt64.random(in: 0...UInt64.max)
    }

    /// `seed` combined with a small integer, for tables whose keys are (integer, bytes).
    @inlinable @inline(__always)
    public static func seed(_ seed: UInt64, with value: UInt32) -> UInt64 {
        Self.fold(seed ^ UInt64(value), Self.prime2)
    }

    /// The hash of `bytes` under `seed`.
    ///
    /// Always inlined: it is called once per sample (the series cache key) and once per tag key of a long tag list,
    /// and for such short inputs the call would cost as much as the hashing.
    /// - Complexity: O(*n*); does not allocate.
    @inlinable @inline(__always)
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let count = bytes.count
        var state = seed ^ Self.fold(UInt64(truncatingIfNeeded: count) ^ Self.prime0, Self.prime1)
        guard let base = bytes.baseAddress, count > 0 else { return Self.fold(state, Self.prime2) }
        var tail: UInt64
        if count >= 8 {
            var offset = 0
            while offset &+ 8 <= count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                state = Self.fold(state ^ word, Self.prime1)
                offset &+= 8
            }
            guard offset < count else { return Self.fold(state, Self.prime0 ^ Self.prime2) }
            // The last eight bytes, overlapping what was already mixed: one load instead of a byte loop.
            tail = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self))
        } else if count >= 4 {
            // The first and the last four bytes (overlapping below 8): together they hold every byte.
            let first = UInt64(UInt32(littleEndian: base.loadUnaligned(as: UInt32.self)))
            let last = UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)))
            tail = first &<< 32 | last
        } else {
            // One to three bytes: the first, the middle and the last hold every byte.
            let first = UInt64(base.load(as: UInt8.self))
            let middle = UInt64(base.load(fromByteOffset: count &>> 1, as: UInt8.self))
            let last = UInt64(base.load(fromByteOffset: count &- 1, as: UInt8.self))
            tail = first &<< 16 | middle &<< 8 | last
        }
        state = Self.fold(state ^ tail, Self.prime2)
        return Self.fold(state, Self.prime0 ^ Self.prime2)
    }

    /// The hash of `bytes` under `seed`.
    @inlinable
    public static func hash(_ bytes: [UInt8], seed: UInt64) -> UInt64 {
        bytes.withUnsafeBytes { Self.hash($0, seed: seed) }
    }
}
