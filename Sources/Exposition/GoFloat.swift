/// Go's number formatting for the text exposition format.
///
/// client_golang writes sample values and `quantile`/`le` label values with prometheus/common's `expfmt.writeFloat`:
/// `NaN`, `+Inf` and `-Inf` for the special values, `0` for both zeros, and otherwise `strconv.AppendFloat(f, 'g', -1,
/// 64)`. That is the shortest decimal that parses back to the same `Double` (the closest such one, ties to an even
/// last digit), laid out as Go's `%g` does for shortest output: with *x* the decimal exponent of the first digit,
/// exponent form `d.ddde±XX` (at least two exponent digits) when *x* < −4 or *x* ≥ 6, plain digits otherwise. So `1`,
/// `100000`, `1e+06`, `0.0001`, `1e-05`, `1.5e-07`.
///
/// Not produced: Swift's `1.0`, `inf`, `nan`, a trailing `.0`, an exponent without sign, or `-0` (writeFloat tests
/// `f == 0`, which negative zero passes, before it ever calls strconv).
package enum GoFloat {
    /// Appends `value` as Go's strconv 'g' -1 (client_golang's writeFloat) would write it. Does not allocate beyond
    /// `out`'s growth.
    ///
    /// Integral values below 2⁵³ in magnitude take a fast path. The rest find their shortest digits with exact
    /// integer arithmetic (Burger and Dybvig's free-format algorithm): 128-bit integers from about 1e-16 to 1e34,
    /// big integers in a stack buffer beyond.
    /// - Complexity: O(1) up to 1e34 or so (tens of nanoseconds for integers, about a hundred otherwise); beyond that,
    ///   proportional to the decimal exponent's magnitude (a few microseconds near 1e±308).
    package static func append(_ value: Double, to out: inout [UInt8]) {
        if value.isNaN {
            Self.appendASCII("NaN", to: &out)
            return
        }
        if value.isInfinite {
            Self.appendASCII(value < 0 ? "-Inf" : "+Inf", to: &out)
            return
        }
        if value == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        if value < 0 {
            out.append(UInt8(ascii: "-"))
        }
        let magnitude = value.magnitude
        let decimal: ShortestDecimal
        if magnitude < 0x1p53, magnitude == magnitude.rounded(.towardZero) {
            decimal = Self.integralDigits(UInt64(magnitude))
        } else if let short = Self.shortDecimalDigits(magnitude) {
            decimal = short
        } else {
            decimal = Self.shortestDigits(magnitude)
        }
        Self.appendLayout(decimal, to: &out)
    }

    /// The text ``append(_:to:)`` writes, as a `String`.
    package static func format(_ value: Double) -> String {
        var bytes: [UInt8] = []
        Self.append(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A positive decimal 0.*d₁d₂…dₙ* × 10^`point`, with `digits` holding *d₁…dₙ* as an integer, `count` = *n*, and
    /// no trailing zero.
    private struct ShortestDecimal {
        var digits: UInt64
        var count: Int
        var point: Int
    }

    private static func appendASCII(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// Go's shortest digits of an integer below 2⁵³: the integer itself without trailing zeros, since its neighbours
    /// are at most 1 away and no shorter decimal rounds to it.
    private static func integralDigits(_ integer: UInt64) -> ShortestDecimal {
        var digits = integer
        var point = 0
        var remaining = integer
        while remaining > 0 {
            point += 1
            remaining /= 10
        }
        var count = point
        while digits % 10 == 0 {
            digits /= 10
            count -= 1
        }
        return ShortestDecimal(digits: digits, count: count, point: point)
    }

    /// The shortest digits of a value that some decimal of at most 15 significant digits rounds to (most values
    /// from StatsD text, such as `0.1235` from `123.5|ms`), found without big-integer arithmetic; `nil` otherwise.
    ///
    /// For the smallest *k* with `round(value × 10^k) / 10^k == value` (both operands exact, *k* ≤ 22, the quotient
    /// correctly rounded), that decimal rounds to `value`, and no decimal with fewer digits does. With at most 15
    /// significant digits the decimals of one length are spaced wider than `value`'s rounding interval, so it is the
    /// only one of its length: exactly what the full algorithm returns.
    private static func shortDecimalDigits(_ value: Double) -> ShortestDecimal? {
        guard value >= 1e-7, value < 1e15 else { return nil }
        var power = 1.0
        var places = 0
        while places <= 22 {
            let product = value * power
            guard product < 1e15 else { return nil }
            // Nearest integer (the product is positive and below 2⁵³); a candidate that rounds to `value` lies within
            // a few units in the last place of the product, which filters out most places before the division.
            let scaled = Double(Int64(product + 0.5))
            if scaled > 0, (product - scaled).magnitude <= product * 0x1p-50, scaled / power == value {
                var digits = UInt64(scaled)
                var count = 0
                var remaining = digits
                while remaining > 0 {
                    count += 1
                    remaining /= 10
                }
                let point = count - places
                while digits % 10 == 0 {
                    digits /= 10
                    count -= 1
                }
                return ShortestDecimal(digits: digits, count: count, point: point)
            }
            power *= 10
            places += 1
        }
        return nil
    }

    /// Go's `%g` layout of shortest digits: `%e` with all digits when the exponent is below −4 or at least 6 (the
    /// precision Go uses for this decision when formatting shortest), `%f` with all digits otherwise.
    private static func appendLayout(_ decimal: ShortestDecimal, to out: inout [UInt8]) {
        var divisor: UInt64 = 1
        for _ in 1..<decimal.count {
            divisor &*= 10
        }
        var rest = decimal.digits
        func appendNextDigit() {
            out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest / divisor))
            rest %= divisor
            divisor /= 10
        }
        let exponent = decimal.point - 1
        if exponent < -4 || exponent >= 6 {
            appendNextDigit()
            if decimal.count > 1 {
                out.append(UInt8(ascii: "."))
                for _ in 1..<decimal.count {
                    appendNextDigit()
                }
            }
            out.append(UInt8(ascii: "e"))
            out.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            let magnitude = exponent.magnitude
            if magnitude >= 100 {
                out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude / 100))
            }
            out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude / 10 % 10))
            out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10))
        } else if decimal.point <= 0 {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "."))
            for _ in 0 ..< -decimal.point {
                out.append(UInt8(ascii: "0"))
            }
            for _ in 0..<decimal.count {
                appendNextDigit()
            }
        } else {
            for _ in 0..<min(decimal.count, decimal.point) {
                appendNextDigit()
            }
            if decimal.count < decimal.point {
                for _ in decimal.count..<decimal.point {
                    out.append(UInt8(ascii: "0"))
                }
            } else if decimal.count > decimal.point {
                out.append(UInt8(ascii: "."))
                for _ in decimal.point..<decimal.count {
                    appendNextDigit()
                }
            }
        }
    }

    /// The shortest decimal that rounds to `value` (positive and finite), closest to it when several are as short,
    /// with ties going to the even digit as in Go's Ryū.
    ///
    /// Values from about 1e-16 to 1e34 (binary exponent −105...60) fit 128-bit integers throughout; the rest use
    /// ``Magnitude``s on the stack.
    private static func shortestDigits(_ value: Double) -> ShortestDecimal {
        let biasedExponent = Int(truncatingIfNeeded: value.bitPattern >> 52) & 0x7FF
        let fraction = value.bitPattern & (1 << 52 - 1)
        let significand = biasedExponent == 0 ? fraction : fraction | 1 << 52
        let exponent = biasedExponent == 0 ? -1074 : biasedExponent - 1075
        // At a power of two (except the smallest normal) the gap below is half the gap above.
        let isUnevenGap = fraction == 0 && biasedExponent > 1
        if (-105...60).contains(exponent) {
            var numbers = (r: Wide(), s: Wide(), mPlus: Wide(), mMinus: Wide())
            return Self.shortestDigits(significand, exponent, isUnevenGap, &numbers)
        }
        let capacity = Magnitude.capacity
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 4 * capacity) { storage in
            let base = storage.baseAddress!
            var numbers = (
                r: Magnitude(limbs: base),
                s: Magnitude(limbs: base + capacity),
                mPlus: Magnitude(limbs: base + 2 * capacity),
                mMinus: Magnitude(limbs: base + 3 * capacity)
            )
            return Self.shortestDigits(significand, exponent, isUnevenGap, &numbers)
        }
    }

    /// Burger and Dybvig's free-format algorithm on exact integers: with `r/s` = the value and `mMinus/s`, `mPlus/s`
    /// the distances to the rounding interval's ends, digits are produced until the remainder falls within the
    /// interval. The interval is closed when the binary significand is even (round half to even), as Go's is.
    /// `mMinus` is only kept up to date when the gaps differ; otherwise it equals `mPlus`.
    private static func shortestDigits<Number: ExactNumber>(
        _ significand: UInt64,
        _ exponent: Int,
        _ isUnevenGap: Bool,
        _ numbers: inout (r: Number, s: Number, mPlus: Number, mMinus: Number)
    ) -> ShortestDecimal {
        let isClosed = significand & 1 == 0
        let scale = isUnevenGap ? 2 : 1
        numbers.r.set(significand)
        numbers.mMinus.set(1)
        if exponent >= 0 {
            numbers.r.shiftLeft(by: exponent + scale)
            numbers.s.set(1 << UInt64(scale))
            numbers.mPlus.set(1 << UInt64(scale - 1))
            numbers.mPlus.shiftLeft(by: exponent)
            numbers.mMinus.shiftLeft(by: exponent)
        } else {
            numbers.r.shiftLeft(by: scale)
            numbers.s.set(1)
            numbers.s.shiftLeft(by: scale - exponent)
            numbers.mPlus.set(UInt64(scale))
        }
        // Start one decade low (the estimate may be off by one either way) and fix up below.
        let binaryExponent = exponent + (64 - significand.leadingZeroBitCount) - 1
        var point = Int((Double(binaryExponent) * 0.301_029_995_663_981_14).rounded(.up)) - 1
        if point >= 0 {
            numbers.s.multiply(byPowerOfTen: point)
        } else {
            numbers.r.multiply(byPowerOfTen: -point)
            numbers.mPlus.multiply(byPowerOfTen: -point)
            if isUnevenGap {
                numbers.mMinus.multiply(byPowerOfTen: -point)
            }
        }
        // The first digit must be below 10: the interval's high end must be below 1 (or 1 when it is open).
        while numbers.r.compare(adding: numbers.mPlus, to: numbers.s) >= (isClosed ? 0 : 1) {
            numbers.s.multiply(by: 10)
            point += 1
        }
        var digits: UInt64 = 0
        var count = 0
        while true {
            numbers.r.multiply(by: 10)
            numbers.mPlus.multiply(by: 10)
            if isUnevenGap {
                numbers.mMinus.multiply(by: 10)
            }
            var digit: UInt64 = 0
            while numbers.r.compare(to: numbers.s) >= 0 {
                numbers.r.subtract(numbers.s)
                digit += 1
            }
            let low = numbers.r.compare(to: isUnevenGap ? numbers.mMinus : numbers.mPlus)
            let isLowReached = isClosed ? low <= 0 : low < 0
            let high = numbers.r.compare(adding: numbers.mPlus, to: numbers.s)
            let isHighReached = isClosed ? high >= 0 : high > 0
            count += 1
            if !isLowReached && !isHighReached {
                digits = digits &* 10 &+ digit
                continue
            }
            let roundsUp: Bool
            if isLowReached && isHighReached {
                let half = numbers.r.compare(adding: numbers.r, to: numbers.s)
                roundsUp = half > 0 || (half == 0 && digit & 1 == 1)
            } else {
                roundsUp = isHighReached
            }
            digits = digits &* 10 &+ digit &+ (roundsUp ? 1 : 0)
            break
        }
        while count > 1 && digits % 10 == 0 {
            digits /= 10
            count -= 1
        }
        return ShortestDecimal(digits: digits, count: count, point: point)
    }

    /// The exact non-negative integer arithmetic the digit generator needs.
    fileprivate protocol ExactNumber {
        mutating func set(_ value: UInt64)
        mutating func shiftLeft(by bits: Int)
        mutating func multiply(by factor: UInt32)
        /// `self -= other`; `other` must not be larger.
        mutating func subtract(_ other: Self)
        /// −1, 0 or 1 as `self` is below, equal to or above `other`.
        func compare(to other: Self) -> Int
        /// −1, 0 or 1 as `self + addend` is below, equal to or above `limit`.
        func compare(adding addend: Self, to limit: Self) -> Int
    }

    /// A 128-bit ``ExactNumber``. Within binary exponents −105...60 nothing exceeds 2¹²³ (`r`, `mPlus` and `mMinus`
    /// stay within 11 times `s`, which stays below 2¹¹⁹), so wrapping arithmetic never wraps; it skips the
    /// overflow checks, which for 128-bit multiplication are a runtime call.
    private struct Wide: ExactNumber {
        var value: UInt128 = 0

        mutating func set(_ value: UInt64) {
            self.value = UInt128(value)
        }

        mutating func shiftLeft(by bits: Int) {
            self.value &<<= bits
        }

        mutating func multiply(by factor: UInt32) {
            self.value &*= UInt128(factor)
        }

        mutating func subtract(_ other: Wide) {
            self.value &-= other.value
        }

        func compare(to other: Wide) -> Int {
            self.value < other.value ? -1 : (self.value == other.value ? 0 : 1)
        }

        func compare(adding addend: Wide, to limit: Wide) -> Int {
            let sum = self.value &+ addend.value
            return sum < limit.value ? -1 : (sum == limit.value ? 0 : 1)
        }
    }

    /// A big ``ExactNumber`` in caller-provided storage of ``capacity`` 32-bit limbs, least significant first.
    ///
    /// 40 limbs hold the largest intermediate (about 1,100 bits, for subnormals scaled by 10³²⁴), and four
    /// magnitudes fit the 1 KiB that `withUnsafeTemporaryAllocation` keeps on the stack.
    private struct Magnitude: ExactNumber {
        static let capacity = 40

        let limbs: UnsafeMutablePointer<UInt32>
        /// Limbs in use; the top one is non-zero, and 0 means the value 0.
        var count = 0

        init(limbs: UnsafeMutablePointer<UInt32>) {
            self.limbs = limbs
        }

        mutating func set(_ value: UInt64) {
            self.limbs[0] = UInt32(truncatingIfNeeded: value)
            self.limbs[1] = UInt32(truncatingIfNeeded: value >> 32)
            self.count = value == 0 ? 0 : (value >> 32 == 0 ? 1 : 2)
        }

        mutating func shiftLeft(by bits: Int) {
            guard self.count > 0, bits > 0 else {
                return
            }
            let limbShift = bits / 32
            let bitShift = UInt32(bits % 32)
            var index = self.count - 1
            if bitShift == 0 {
                while index >= 0 {
                    self.limbs[index + limbShift] = self.limbs[index]
                    index -= 1
                }
                self.count += limbShift
            } else {
                let top = self.limbs[index] >> (32 - bitShift)
                self.limbs[index + limbShift + 1] = top
                while index > 0 {
                    self.limbs[index + limbShift] =
                        self.limbs[index] << bitShift | self.limbs[index - 1] >> (32 - bitShift)
                    index -= 1
                }
                self.limbs[limbShift] = self.limbs[0] << bitShift
                self.count += limbShift + (top == 0 ? 0 : 1)
            }
            for low in 0..<limbShift {
                self.limbs[low] = 0
            }
        }

        mutating func multiply(by factor: UInt32) {
            var carry: UInt64 = 0
            for index in 0..<self.count {
                let product = UInt64(self.limbs[index]) &* UInt64(factor) &+ carry
                self.limbs[index] = UInt32(truncatingIfNeeded: product)
                carry = product >> 32
            }
            if carry != 0 {
                self.limbs[self.count] = UInt32(truncatingIfNeeded: carry)
                self.count += 1
            }
        }

        mutating func subtract(_ other: Magnitude) {
            var borrow: UInt64 = 0
            for index in 0..<self.count {
                let subtrahend = (index < other.count ? UInt64(other.limbs[index]) : 0) &+ borrow
                let minuend = UInt64(self.limbs[index])
                if minuend >= subtrahend {
                    self.limbs[index] = UInt32(truncatingIfNeeded: minuend &- subtrahend)
                    borrow = 0
                } else {
                    self.limbs[index] = UInt32(truncatingIfNeeded: minuend &+ (1 << 32) &- subtrahend)
                    borrow = 1
                }
            }
            while self.count > 0 && self.limbs[self.count - 1] == 0 {
                self.count -= 1
            }
        }

        func compare(to other: Magnitude) -> Int {
            if self.count != other.count {
                return self.count < other.count ? -1 : 1
            }
            var index = self.count - 1
            while index >= 0 {
                if self.limbs[index] != other.limbs[index] {
                    return self.limbs[index] < other.limbs[index] ? -1 : 1
                }
                index -= 1
            }
            return 0
        }

        /// Computes `limit − self − addend` limb by limb, keeping only whether it is zero and its final borrow.
        func compare(adding addend: Magnitude, to limit: Magnitude) -> Int {
            let length = max(self.count, addend.count, limit.count)
            var borrow: Int64 = 0
            var isZero = true
            for index in 0..<length {
                var difference = (index < limit.count ? Int64(limit.limbs[index]) : 0) - borrow
                difference -= index < self.count ? Int64(self.limbs[index]) : 0
                difference -= index < addend.count ? Int64(addend.limbs[index]) : 0
                borrow = 0
                while difference < 0 {
                    difference += 1 << 32
                    borrow += 1
                }
                if difference != 0 {
                    isZero = false
                }
            }
            if borrow > 0 {
                return 1
            }
            return isZero ? 0 : -1
        }
    }
}

extension GoFloat.ExactNumber {
    /// `self *= 10^power`, nine decimal digits at a time.
    fileprivate mutating func multiply(byPowerOfTen power: Int) {
        var remaining = power
        while remaining >= 9 {
            self.multiply(by: 1_000_000_000)
            remaining -= 9
        }
        var factor: UInt32 = 1
        for _ in 0..<remaining {
            factor &*= 10
        }
        if factor > 1 {
            self.multiply(by: factor)
        }
    }
}
