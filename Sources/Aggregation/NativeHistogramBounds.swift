/// The bucket boundaries client_golang places native-histogram observations with, for schemas 1 to 8: for each
/// schema, the 2^schema fractions in [0.5, 1) at which a bucket ends within one power of two.
///
/// client_golang ships these as a literal table that differs from the correctly rounded powers by up to a few
/// ulps, and an observation that close to a boundary lands in the bucket the table says. The table is what its
/// documented generator gives with Go's `math.Exp2` (fdlibm's algorithm): each schema's odd entries are the previous
/// entry times the schema's growth factor, its even entries the previous schema's. Doing the same here reproduces it
/// bit for bit (``NativeHistogramTests`` checks entries against the published ones).
enum NativeHistogramBounds {
    /// Indexed by schema; entry 0 is schema 0's `[0.5]`.
    static let bySchema: [[Double]] = {
        var tables: [[Double]] = []
        var count = 1
        for schema in 0...8 {
            let factor = Self.goExp2(Self.goExp2(-Double(schema)))
            var bounds = [0.5]
            bounds.reserveCapacity(count)
            for index in 0..<(count - 1) {
                bounds.append((index + 1) % 2 == 0 ? tables[schema - 1][index / 2 + 1] : bounds[index] * factor)
            }
            tables.append(bounds)
            count *= 2
        }
        return tables
    }()

    /// Go's pure `math.Exp2` (fdlibm's `exp` kernel after reducing to a power of two), bit for bit, for the
    /// moderate arguments used above.
    private static func goExp2(_ x: Double) -> Double {
        let ln2Hi = 6.93147180369123816490e-01
        let ln2Lo = 1.90821492927058770002e-10
        var k = 0
        if x > 0 {
            k = Int(x + 0.5)
        } else if x < 0 {
            k = Int(x - 0.5)
        }
        let t = x - Double(k)
        let hi = t * ln2Hi
        let lo = -t * ln2Lo
        let p1 = 1.66666666666666657415e-01
        let p2 = -2.77777777770155933842e-03
        let p3 = 6.61375632143793436117e-05
        let p4 = -1.65339022054652515390e-06
        let p5 = 4.13813679705723846039e-08
        let r = hi - lo
        let rr = r * r
        let c = r - rr * (p1 + rr * (p2 + rr * (p3 + rr * (p4 + rr * p5))))
        let y = 1 - ((lo - (r * c) / (2 - c)) - hi)
        return Double(sign: .plus, exponent: k, significand: y)
    }
}
