import Testing

@testable import StatsDProtocol

/// The word-at-a-time searches against a byte-by-byte answer, for every length up to three words and every position,
/// including the overlapping last word that covers a range's tail.
struct ByteScanTests {
    static let markers = LineParser.nameTagMarkers

    @Test func firstOfAnyMarkerAtEveryPosition() {
        for length in 0...24 {
            for start in 0...3 {
                for position in [nil] + (0..<length).map(Optional.some) {
                    for marker in [UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "#"), UInt8(ascii: ",")] {
                        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: start + length + 3)
                        // Bytes outside the range must be ignored, markers included.
                        if start > 0 { bytes[start - 1] = marker }
                        bytes[start + length] = marker
                        if let position { bytes[start + position] = marker }
                        let found = bytes.withUnsafeBufferPointer {
                            ByteScan.firstIndex(ofAny: Self.markers, in: $0, start..<(start + length))
                        }
                        #expect(found == position.map { start + $0 }, "length \(length), start \(start)")
                    }
                }
            }
        }
    }

    @Test func nonASCIIAtEveryPosition() {
        for length in 0...24 {
            for start in 0...3 {
                for position in [nil] + (0..<length).map(Optional.some) {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: start + length + 3)
                    if start > 0 { bytes[start - 1] = 0xFF }
                    bytes[start + length] = 0xFF
                    if let position { bytes[start + position] = 0xC3 }
                    let ascii = bytes.withUnsafeBufferPointer { ByteScan.isASCII($0, start..<(start + length)) }
                    #expect(
                        ascii == (position == nil),
                        "length \(length), start \(start), position \(String(describing: position))"
                    )
                }
            }
        }
    }
}
