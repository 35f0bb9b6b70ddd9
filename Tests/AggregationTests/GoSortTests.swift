import TestSupport
import Testing

@testable import Aggregation

struct GoSortTests {
    /// Insertion sort (up to 12 values) treats each run between NaNs on its own: a NaN is never less than its left
    /// neighbour and no value is less than a NaN, so nothing crosses one.
    @Test(arguments: [
        ([Double.nan, 0.005], [Double.nan, 0.005]),
        ([0.005, .nan], [0.005, .nan]),
        ([3, 1, 2, .nan, 0], [1, 2, 3, .nan, 0]),
        ([2, .nan, 1], [2, .nan, 1]),
        ([.nan, 3, 1, 2], [.nan, 1, 2, 3]),
        ([5, 4, .nan, .nan, 2, 1, 3], [4, 5, .nan, .nan, 1, 2, 3]),
    ])
    func shortInputsSortBetweenNaNs(input: [Double], expected: [Double]) {
        #expect(Self.goSorted(input).map(\.bitPattern) == expected.map(\.bitPattern))
    }

    /// Longer inputs go through pdqsort's pivots and partitions, and NaN can end up anywhere. These outputs were
    /// checked against Go's own `sort` package (1.19's code with 1.22's xorshift shifts, the only difference between
    /// the two).
    @Test func longerInputsLandWhereGoLeavesThem() {
        let thirteen = Self.parse("7 3 NaN 12 1 9 4 11 2 NaN 8 6 5")
        #expect(Self.render(Self.goSorted(thirteen)) == "1 2 3 4 5 6 7 8 9 11 12 NaN NaN")
        let sixty = Self.parse(
            """
            79 32 94 NaN 88 94 83 67 3 59 99 31 83 6 20 14 47 60 31 48 69 13 73 31 1 93 27 52 35 23 NaN NaN 20 97 9 \
            17 79 79 56 16 16 0 0 26 99 27 21 21 37 40 25 69 86 80 26 23 88 25 NaN 38
            """
        )
        #expect(
            Self.render(Self.goSorted(sixty)) == """
                NaN 26 NaN NaN 25 23 26 25 3 21 21 0 0 6 20 14 16 23 17 9 20 13 NaN 16 1 27 27 31 31 31 32 35 37 38 40 \
                47 48 52 56 59 60 67 69 69 73 79 79 79 80 83 83 86 88 88 93 94 94 97 99 99
                """
        )
    }

    /// Seeded inputs of many lengths and shapes, with NaN at the front, the back, the middle and scattered: the
    /// port rearranges them exactly as the line-by-line rendering of Go's algorithm does.
    @Test(arguments: [2, 3, 8, 12, 13, 49, 50, 51, 64, 150, 500, 600])
    func matchesReferenceWithNaN(count: Int) {
        var generator = SplitMix64(seed: UInt64(count))
        for shape in Shape.allCases {
            for placement in NaNPlacement.allCases {
                var values = shape.values(count: count, using: &generator)
                placement.apply(to: &values, using: &generator)
                let expected = Reference.sorted(values)
                #expect(
                    Self.goSorted(values).map(\.bitPattern) == expected.map(\.bitPattern),
                    "\(shape) \(placement) \(count)"
                )
            }
        }
    }

    /// Without NaN it is an ordinary correct sort: every shape comes out ascending.
    @Test(arguments: [2, 13, 50, 600, 5_000])
    func sortsAscendingWithoutNaN(count: Int) {
        var generator = SplitMix64(seed: 99)
        for shape in Shape.allCases {
            let values = shape.values(count: count, using: &generator)
            #expect(Self.goSorted(values) == values.sorted(), "\(shape)")
        }
    }

    static func goSorted(_ values: [Double]) -> [Double] {
        var values = values
        values.withUnsafeMutableBufferPointer { GoSort.sort($0) }
        return values
    }

    /// Whole numbers and `NaN`, space-separated.
    static func render(_ values: [Double]) -> String {
        values.map { $0.isNaN ? "NaN" : String(Int($0)) }.joined(separator: " ")
    }

    static func parse(_ text: String) -> [Double] {
        text.split(separator: " ").map { $0 == "NaN" ? .nan : Double($0)! }
    }

    /// Input orders that drive pdqsort down its different paths: pivots of random data, the sorted check, reversal,
    /// pattern breaking and heapsort after bad pivots (sawtooth and organ pipe), and equal-pivot partitions.
    enum Shape: CaseIterable {
        case random
        case ascending
        case descending
        case fewDistinct
        case sawtooth
        case organPipe

        func values(count: Int, using generator: inout SplitMix64) -> [Double] {
            switch self {
            case .random:
                return (0..<count).map { _ in generator.nextUnit() }
            case .ascending:
                return (0..<count).map { Double($0) }
            case .descending:
                return (0..<count).map { Double(count - $0) }
            case .fewDistinct:
                return (0..<count).map { _ in Double(generator.next() % 4) }
            case .sawtooth:
                return (0..<count).map { Double($0 % 7) }
            case .organPipe:
                return (0..<count).map { Double(min($0, count - $0)) }
            }
        }
    }

    /// Where NaN goes into an input.
    enum NaNPlacement: CaseIterable {
        case first
        case last
        case middle
        case scattered
        case mostly

        func apply(to values: inout [Double], using generator: inout SplitMix64) {
            switch self {
            case .first:
                values[0] = .nan
            case .last:
                values[values.count - 1] = .nan
            case .middle:
                values[values.count / 2] = .nan
            case .scattered:
                for index in values.indices where generator.next() % 10 == 0 {
                    values[index] = .nan
                }
                values[Int(generator.next() % UInt64(values.count))] = .nan
            case .mostly:
                for index in values.indices where generator.next() % 4 != 0 {
                    values[index] = .nan
                }
            }
        }
    }

    /// Go 1.22's `sort.Sort` over `Less(i, j) = a[i] < a[j]`, written out function by function on an array with
    /// Go's names and index arithmetic: the oracle for ``GoSort``.
    struct Reference {
        private var data: [Double]

        static func sorted(_ values: [Double]) -> [Double] {
            var reference = Reference(data: values)
            let n = values.count
            if n > 1 {
                reference.pdqsort(0, n, Int.bitWidth - n.leadingZeroBitCount)
            }
            return reference.data
        }

        private func less(_ i: Int, _ j: Int) -> Bool { self.data[i] < self.data[j] }

        private mutating func swap(_ i: Int, _ j: Int) { self.data.swapAt(i, j) }

        private mutating func insertionSort(_ a: Int, _ b: Int) {
            for i in stride(from: a + 1, to: b, by: 1) {
                var j = i
                while j > a && self.less(j, j - 1) {
                    self.swap(j, j - 1)
                    j -= 1
                }
            }
        }

        private mutating func siftDown(_ lo: Int, _ hi: Int, _ first: Int) {
            var root = lo
            while true {
                var child = 2 * root + 1
                if child >= hi {
                    break
                }
                if child + 1 < hi && self.less(first + child, first + child + 1) {
                    child += 1
                }
                if !self.less(first + root, first + child) {
                    return
                }
                self.swap(first + root, first + child)
                root = child
            }
        }

        private mutating func heapSort(_ a: Int, _ b: Int) {
            let first = a
            let lo = 0
            let hi = b - a
            for i in stride(from: (hi - 1) / 2, through: 0, by: -1) {
                self.siftDown(i, hi, first)
            }
            for i in stride(from: hi - 1, through: 0, by: -1) {
                self.swap(first, first + i)
                self.siftDown(lo, i, first)
            }
        }

        private mutating func pdqsort(_ a: Int, _ b: Int, _ limit: Int) {
            var a = a
            var b = b
            var limit = limit
            var wasBalanced = true
            var wasPartitioned = true
            while true {
                let length = b - a
                if length <= 12 {
                    self.insertionSort(a, b)
                    return
                }
                if limit == 0 {
                    self.heapSort(a, b)
                    return
                }
                if !wasBalanced {
                    self.breakPatterns(a, b)
                    limit -= 1
                }
                var (pivot, hint) = self.choosePivot(a, b)
                if hint == 2 {
                    self.reverseRange(a, b)
                    pivot = (b - 1) - (pivot - a)
                    hint = 1
                }
                if wasBalanced && wasPartitioned && hint == 1 {
                    if self.partialInsertionSort(a, b) {
                        return
                    }
                }
                if a > 0 && !self.less(a - 1, pivot) {
                    a = self.partitionEqual(a, b, pivot)
                    continue
                }
                let (mid, alreadyPartitioned) = self.partition(a, b, pivot)
                wasPartitioned = alreadyPartitioned
                let leftLen = mid - a
                let rightLen = b - mid
                let balanceThreshold = length / 8
                if leftLen < rightLen {
                    wasBalanced = leftLen >= balanceThreshold
                    self.pdqsort(a, mid, limit)
                    a = mid + 1
                } else {
                    wasBalanced = rightLen >= balanceThreshold
                    self.pdqsort(mid + 1, b, limit)
                    b = mid
                }
            }
        }

        private mutating func partition(_ a: Int, _ b: Int, _ pivot: Int) -> (Int, Bool) {
            self.swap(a, pivot)
            var i = a + 1
            var j = b - 1
            while i <= j && self.less(i, a) { i += 1 }
            while i <= j && !self.less(j, a) { j -= 1 }
            if i > j {
                self.swap(j, a)
                return (j, true)
            }
            self.swap(i, j)
            i += 1
            j -= 1
            while true {
                while i <= j && self.less(i, a) { i += 1 }
                while i <= j && !self.less(j, a) { j -= 1 }
                if i > j {
                    break
                }
                self.swap(i, j)
                i += 1
                j -= 1
            }
            self.swap(j, a)
            return (j, false)
        }

        private mutating func partitionEqual(_ a: Int, _ b: Int, _ pivot: Int) -> Int {
            self.swap(a, pivot)
            var i = a + 1
            var j = b - 1
            while true {
                while i <= j && !self.less(a, i) { i += 1 }
                while i <= j && self.less(a, j) { j -= 1 }
                if i > j {
                    break
                }
                self.swap(i, j)
                i += 1
                j -= 1
            }
            return i
        }

        private mutating func partialInsertionSort(_ a: Int, _ b: Int) -> Bool {
            let maxSteps = 5
            let shortestShifting = 50
            var i = a + 1
            for _ in 0..<maxSteps {
                while i < b && !self.less(i, i - 1) { i += 1 }
                if i == b {
                    return true
                }
                if b - a < shortestShifting {
                    return false
                }
                self.swap(i, i - 1)
                if i - a >= 2 {
                    for j in stride(from: i - 1, through: 1, by: -1) {
                        if !self.less(j, j - 1) {
                            break
                        }
                        self.swap(j, j - 1)
                    }
                }
                if b - i >= 2 {
                    for j in stride(from: i + 1, to: b, by: 1) {
                        if !self.less(j, j - 1) {
                            break
                        }
                        self.swap(j, j - 1)
                    }
                }
            }
            return false
        }

        private mutating func breakPatterns(_ a: Int, _ b: Int) {
            let length = b - a
            if length >= 8 {
                var random = UInt64(length)
                let modulus = UInt(1) << UInt(Int.bitWidth - length.leadingZeroBitCount)
                for idx in (a + (length / 4) * 2 - 1)...(a + (length / 4) * 2 + 1) {
                    random ^= random << 13
                    random ^= random >> 7
                    random ^= random << 17
                    var other = Int(UInt(random) & (modulus - 1))
                    if other >= length {
                        other -= length
                    }
                    self.swap(idx, a + other)
                }
            }
        }

        /// Returns the pivot and Go's hint: 0 unknown, 1 increasing, 2 decreasing.
        private func choosePivot(_ a: Int, _ b: Int) -> (Int, Int) {
            let l = b - a
            var swaps = 0
            var i = a + l / 4 * 1
            var j = a + l / 4 * 2
            var k = a + l / 4 * 3
            if l >= 8 {
                if l >= 50 {
                    i = self.median(i - 1, i, i + 1, &swaps)
                    j = self.median(j - 1, j, j + 1, &swaps)
                    k = self.median(k - 1, k, k + 1, &swaps)
                }
                j = self.median(i, j, k, &swaps)
            }
            switch swaps {
            case 0: return (j, 1)
            case 12: return (j, 2)
            default: return (j, 0)
            }
        }

        private func order2(_ a: Int, _ b: Int, _ swaps: inout Int) -> (Int, Int) {
            if self.less(b, a) {
                swaps += 1
                return (b, a)
            }
            return (a, b)
        }

        private func median(_ a: Int, _ b: Int, _ c: Int, _ swaps: inout Int) -> Int {
            var a = a
            var b = b
            var c = c
            (a, b) = self.order2(a, b, &swaps)
            (b, c) = self.order2(b, c, &swaps)
            (a, b) = self.order2(a, b, &swaps)
            return b
        }

        private mutating func reverseRange(_ a: Int, _ b: Int) {
            var i = a
            var j = b - 1
            while i < j {
                self.swap(i, j)
                i += 1
                j -= 1
            }
        }
    }
}
