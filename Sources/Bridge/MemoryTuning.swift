#if canImport(Glibc)
import Glibc
#endif

/// glibc malloc settings that keep the daemon's resident memory close to what it holds.
///
/// glibc serves a large allocation with its own mapping and unmaps it on free, but after the first such free it
/// raises that threshold to the freed size (up to 32 MiB). A scrape of a big store allocates and frees buffers of
/// many megabytes, so from the second scrape on they would come from the heap and stay resident after they are
/// freed: tens of bytes per series of pure leftovers. Fixing the threshold at 256 KiB keeps every big scrape buffer
/// in its own mapping, returned to the system when the scrape is done.
///
/// `mallopt` is looked up at run time: the Glibc module does not export it, and a C library without it (musl) is
/// left alone.
enum MemoryTuning {
    private typealias Mallopt = @convention(c) (Int32, Int32) -> Int32

    /// `M_MMAP_THRESHOLD` of <malloc.h>.
    private static let mmapThreshold: Int32 = -3

    /// Applies the settings once per process; later calls do nothing.
    static func configure() {
        _ = Self.configured
    }

    private static let configured: Bool = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        return mallopt(Self.mmapThreshold, 256 * 1024) == 1
        #else
        return false
        #endif
    }()
}
