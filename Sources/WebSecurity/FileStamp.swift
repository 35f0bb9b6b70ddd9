#if canImport(Glibc)
import Glibc
#endif

/// What `stat(2)` says about a file, enough to notice that it was replaced or rewritten without reading it.
struct FileStamp: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int

    /// The stamp of `path`, or `nil` when it cannot be stat'ed (a missing file is a change too).
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.device = UInt64(info.st_dev)
        self.inode = UInt64(info.st_ino)
        self.size = Int64(info.st_size)
        self.modifiedSeconds = info.st_mtim.tv_sec
        self.modifiedNanoseconds = info.st_mtim.tv_nsec
    }

    /// The stamps of `paths`, in order.
    static func of(_ paths: [String]) -> [FileStamp?] {
        paths.map { FileStamp(path: $0) }
    }
}
