extension GoFloatParser {
    /// The smallest decimal exponent in ``powerOfTenMantissas``.
    static let smallestPowerOfTen = -348
    /// The largest decimal exponent in ``powerOfTenMantissas``.
    static let largestPowerOfTen = 347

    /// For every power of ten from 10^-348 to 10^347, the first 128 bits of its binary mantissa, rounded down, as
    /// high and low words at indices `2 * (exponent + 348)` and `2 * (exponent + 348) + 1`.
    ///
    /// Computed once, exactly, with multi-word integers: positive powers by repeated multiplication by 10, negative
    /// ones by repeated division of 2^1100 by 5 (dividing in steps rounds down exactly like dividing at once).
    static let powerOfTenMantissas: [UInt64] = {
        var table = [UInt64](repeating: 0, count: 2 * (largestPowerOfTen - smallestPowerOfTen + 1))
        var power: [UInt32] = [1]
        for exponent in 0...largestPowerOfTen {
            let (high, low) = leadingBits(of: power)
            table[2 * (exponent - smallestPowerOfTen)] = high
            table[2 * (exponent - smallestPowerOfTen) + 1] = low
            var carry: UInt64 = 0
            for index in power.indices {
                let product = UInt64(power[index]) * 10 + carry
                power[index] = UInt32(truncatingIfNeeded: product)
                carry = product >> 32
            }
            if carry > 0 {
                power.append(UInt32(carry))
            }
        }
        var quotient = [UInt32](repeating: 0, count: 35)
        quotient[34] = 1 << 12
        for exponent in 1...(-smallestPowerOfTen) {
            var remainder: UInt64 = 0
            for index in quotient.indices.reversed() {
                let dividend = remainder << 32 | UInt64(quotient[index])
                quotient[index] = UInt32(dividend / 5)
                remainder = dividend % 5
            }
            let (high, low) = leadingBits(of: quotient)
            table[2 * (-exponent - smallestPowerOfTen)] = high
            table[2 * (-exponent - smallestPowerOfTen) + 1] = low
        }
        return table
    }()

    /// The 128 most significant bits of a little-endian multi-word integer, padded with zeros when it is shorter.
    private static func leadingBits(of words: [UInt32]) -> (high: UInt64, low: UInt64) {
        var top = words.count - 1
        while top > 0, words[top] == 0 {
            top -= 1
        }
        let bitLength = top * 32 + (32 - words[top].leadingZeroBitCount)
        var high: UInt64 = 0
        var low: UInt64 = 0
        for offset in 0..<128 {
            let position = bitLength - 1 - offset
            let bit: UInt64 = position >= 0 ? UInt64((words[position / 32] >> (position % 32)) & 1) : 0
            if offset < 64 {
                high |= bit << (63 - offset)
            } else {
                low |= bit << (127 - offset)
            }
        }
        return (high, low)
    }

    /// The Eisel–Lemire algorithm, as Go's `eiselLemire64`: the correctly rounded `mantissa` × 10^`exponent`.
    ///
    /// Returns `nil` when 128 bits of the power of ten cannot decide the rounding, or when the result is subnormal,
    /// zero or infinite; the caller then falls back to a slower exact conversion.
    ///
    /// Does not allocate.
    static func eiselLemire(_ mantissa: UInt64, _ exponent: Int, isNegative: Bool) -> Double? {
        guard mantissa != 0 else { return isNegative ? -0.0 : 0 }
        guard exponent >= self.smallestPowerOfTen, exponent <= self.largestPowerOfTen else { return nil }
        let leadingZeros = mantissa.leadingZeroBitCount
        let normalized = mantissa << leadingZeros
        var binaryExponent =
            UInt64(bitPattern: Int64((217_706 &* exponent) >> 16 &+ 64 &+ 1023)) &- UInt64(leadingZeros)
        let index = 2 * (exponent - self.smallestPowerOfTen)
        var (high, low) = normalized.multipliedFullWidth(by: self.powerOfTenMantissas[index])
        if high & 0x1FF == 0x1FF, low &+ normalized < normalized {
            let (extraHigh, extraLow) = normalized.multipliedFullWidth(by: self.powerOfTenMantissas[index + 1])
            var mergedHigh = high
            let mergedLow = low &+ extraHigh
            if mergedLow < low {
                mergedHigh &+= 1
            }
            if mergedHigh & 0x1FF == 0x1FF, mergedLow &+ 1 == 0, extraLow &+ normalized < normalized {
                return nil
            }
            high = mergedHigh
            low = mergedLow
        }
        let topBit = high >> 63
        var result = high >> (topBit &+ 9)
        binaryExponent &-= 1 ^ topBit
        if low == 0, high & 0x1FF == 0, result & 3 == 1 {
            return nil
        }
        result &+= result & 1
        result >>= 1
        if result >> 53 > 0 {
            result >>= 1
            binaryExponent &+= 1
        }
        if binaryExponent &- 1 >= 0x7FF - 1 {
            return nil
        }
        var bits = binaryExponent << 52 | result & 0x000F_FFFF_FFFF_FFFF
        if isNegative {
            bits |= 0x8000_0000_0000_0000
        }
        return Double(bitPattern: bits)
    }
}
