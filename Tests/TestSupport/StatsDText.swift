/// Decoding of the escaped text the conformance inputs and test tables use.
package enum StatsDText {
    /// The bytes of `text`, with the conformance runner's escapes decoded: `\n` newline, `\r` carriage return, `\xNN`
    /// a raw byte, `\\` a backslash. Any other backslash stays as it is.
    package static func unescape(_ text: String) -> [UInt8] {
        let source = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < source.count {
            let byte = source[i]
            if byte == UInt8(ascii: "\\"), i + 1 < source.count {
                switch source[i + 1] {
                case UInt8(ascii: "n"):
                    out.append(UInt8(ascii: "\n"))
                    i += 2
                    continue
                case UInt8(ascii: "r"):
                    out.append(UInt8(ascii: "\r"))
                    i += 2
                    continue
                case UInt8(ascii: "\\"):
                    out.append(UInt8(ascii: "\\"))
                    i += 2
                    continue
                case UInt8(ascii: "x") where i + 3 < source.count:
                    let hex = String(decoding: source[(i + 2)..<(i + 4)], as: UTF8.self)
                    if let value = UInt8(hex, radix: 16) {
                        out.append(value)
                        i += 4
                        continue
                    }
                default:
                    break
                }
            }
            out.append(byte)
            i += 1
        }
        return out
    }
}
