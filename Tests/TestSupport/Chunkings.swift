/// Ways of cutting one byte stream into the reads a stream transport might deliver, for framing tests in the style of
/// swift-nio's `NIOSplitLinesMessageDecoderTests`: a framer must give the same result for every one of them.
package enum Chunkings {
    /// `bytes` in two pieces, cut at every offset from 0 to `bytes.count`; the first and last have an empty piece.
    package static func everySplit(of bytes: [UInt8]) -> [[[UInt8]]] {
        (0...bytes.count).map { offset in [Array(bytes[..<offset]), Array(bytes[offset...])] }
    }

    /// `count` random cuttings of `bytes` into pieces of 0 to `maxPiece` bytes, about one in five of them empty.
    /// - Parameter seed: the ``SplitMix64`` seed, so a failing cutting can be replayed.
    package static func random(of bytes: [UInt8], count: Int, maxPiece: Int = 16, seed: UInt64) -> [[[UInt8]]] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var pieces: [[UInt8]] = []
            var offset = 0
            while offset < bytes.count {
                let length = generator.next() % 5 == 0 ? 0 : 1 + Int(generator.next() % UInt64(maxPiece))
                let end = min(offset + length, bytes.count)
                pieces.append(Array(bytes[offset..<end]))
                offset = end
            }
            pieces.append([])
            return pieces
        }
    }
}
