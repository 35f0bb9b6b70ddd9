import CSnappy

/// Snappy's block format through Debian's libsnappy: what remote write 1.0 requires of a body
/// (`Content-Encoding: snappy`, the block format, not the framed stream format).
package enum Snappy {
    /// `input` compressed.
    package static func compress(_ input: [UInt8]) -> [UInt8] {
        let capacity = snappy_max_compressed_length(input.count)
        return [UInt8](unsafeUninitializedCapacity: capacity) { output, count in
            var length = capacity
            let status = input.withUnsafeBufferPointer { input in
                output.withMemoryRebound(to: CChar.self) { output in
                    input.withMemoryRebound(to: CChar.self) { input in
                        snappy_compress(input.baseAddress, input.count, output.baseAddress, &length)
                    }
                }
            }
            // Only a too-small output buffer fails, and the buffer has the size snappy asks for.
            precondition(status == SNAPPY_OK, "snappy_compress failed with a buffer of its own maximum size")
            count = length
        }
    }

    /// `input` decompressed, or `nil` when it is not a valid snappy block: for tests and receivers of our own.
    package static func uncompress(_ input: [UInt8]) -> [UInt8]? {
        input.withUnsafeBufferPointer { input in
            input.withMemoryRebound(to: CChar.self) { input -> [UInt8]? in
                var length = 0
                guard snappy_uncompressed_length(input.baseAddress, input.count, &length) == SNAPPY_OK else {
                    return nil
                }
                var ok = false
                let output = [UInt8](unsafeUninitializedCapacity: length) { output, count in
                    var written = length
                    ok = output.withMemoryRebound(to: CChar.self) { output in
                        snappy_uncompress(input.baseAddress, input.count, output.baseAddress, &written) == SNAPPY_OK
                    }
                    count = ok ? written : 0
                }
                return ok ? output : nil
            }
        }
    }
}
