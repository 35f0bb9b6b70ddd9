#if FUZZING
/// libFuzzer's entry point; build with `-Xswiftc -DFUZZING --sanitize fuzzer --sanitize address` (see README).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzTarget.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
#else
#if canImport(Glibc)
import Glibc
#endif

/// Without libFuzzer the target replays files: each argument is a file or a folder of files, each one input. This
/// is how the seed corpus and every crash found runs as a regression test in CI.
@main
enum FuzzReplay {
    static func main() {
        var count = 0
        for path in CommandLine.arguments.dropFirst() {
            for file in Self.files(at: path) {
                guard let bytes = Self.read(file) else { continue }
                bytes.withUnsafeBytes { FuzzTarget.run($0) }
                count += 1
            }
        }
        print("replayed \(count) inputs")
    }

    private static func files(at path: String) -> [String] {
        guard let directory = opendir(path) else { return [path] }
        defer { closedir(directory) }
        var files: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { files.append(path + "/" + name) }
        }
        return files.sorted()
    }

    private static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return bytes
    }
}
#endif
