import ByteTables
import TestSupport
import Testing

struct HashIndexTests {
    /// How test keys are hashed: well mixed, all alike (one probe run), or with 3 bits (long runs that wrap around).
    enum Hashing: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case byteHash, constant, threeBits

        var testDescription: String { self.rawValue }

        func hash(_ key: [UInt8]) -> UInt64 {
            switch self {
            case .byteHash: ByteHash.hash(key, seed: 0x5EED)
            case .constant: 7
            case .threeBits: ByteHash.hash(key, seed: 0x5EED) & 7
            }
        }
    }

    /// A table over the index as the package's tables use it: keys in an entry array, freed entry numbers reused.
    struct Table {
        let hashing: Hashing
        var index = HashIndex()
        var keys: [[UInt8]?] = []
        var values: [Int] = []
        var free: [UInt32] = []

        init(hashing: Hashing) {
            self.hashing = hashing
        }

        func find(_ key: [UInt8]) -> UInt32? {
            key.withUnsafeBytes { probe in
                self.index.find(hash: self.hashing.hash(key)) { entry in
                    self.keys[Int(entry)]!.withUnsafeBytes { ByteOrder.equal($0, probe) }
                }
            }
        }

        func value(for key: [UInt8]) -> Int? {
            self.find(key).map { self.values[Int($0)] }
        }

        mutating func set(_ value: Int, for key: [UInt8]) {
            if let entry = self.find(key) {
                self.values[Int(entry)] = value
                return
            }
            let entry: UInt32
            if let reused = self.free.popLast() {
                entry = reused
                self.keys[Int(entry)] = key
                self.values[Int(entry)] = value
            } else {
                entry = UInt32(self.keys.count)
                self.keys.append(key)
                self.values.append(value)
            }
            self.index.insert(entry, hash: self.hashing.hash(key)) { [keys = self.keys, hashing = self.hashing] in
                hashing.hash(keys[Int($0)]!)
            }
        }

        @discardableResult
        mutating func remove(_ key: [UInt8]) -> Bool {
            guard let entry = self.find(key) else { return false }
            self.index.remove(entry, hash: self.hashing.hash(key)) { [keys = self.keys, hashing = self.hashing] in
                hashing.hash(keys[Int($0)]!)
            }
            self.keys[Int(entry)] = nil
            self.free.append(entry)
            return true
        }

        /// How many entries a lookup of `hash` passes before its run ends, when nothing matches.
        func runLength(hash: UInt64) -> Int {
            var visited = 0
            _ = self.index.find(hash: hash) { _ in
                visited += 1
                return false
            }
            return visited
        }
    }

    @Test(arguments: Hashing.allCases)
    func randomOperationsAgreeWithADictionary(hashing: Hashing) {
        var generator = SplitMix64(seed: 42)
        var table = Table(hashing: hashing)
        var oracle: [[UInt8]: Int] = [:]
        // Few enough distinct keys that inserts, updates and removals of present keys all happen often.
        let universe = (0..<300).map { number in
            (0..<Int.random(in: 0...20, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                + withUnsafeBytes(of: UInt16(number).littleEndian, Array.init)
        }
        let operations = hashing == .byteHash ? 20_000 : 4_000
        for step in 0..<operations {
            let key = universe.randomElement(using: &generator)!
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<5:
                table.set(step, for: key)
                oracle[key] = step
            case 5..<8:
                #expect(table.remove(key) == (oracle.removeValue(forKey: key) != nil))
            default:
                #expect(table.value(for: key) == oracle[key])
            }
            #expect(table.index.count == oracle.count)
        }
        for key in universe {
            #expect(table.value(for: key) == oracle[key])
        }
    }

    @Test
    func constantHashKeepsEveryKeyReachable() {
        var table = Table(hashing: .constant)
        let keys = (0..<50).map { [UInt8]("key\($0)".utf8) }
        for (value, key) in keys.enumerated() {
            table.set(value, for: key)
        }
        for (value, key) in keys.enumerated() {
            #expect(table.value(for: key) == value)
        }
        #expect(table.runLength(hash: 7) == 50)
    }

    @Test
    func removingFromTheMiddleOfARunShiftsTheRestBack() {
        var table = Table(hashing: .constant)
        let keys: [[UInt8]] = ["a", "b", "c", "d", "e"].map { Array($0.utf8) }
        for (value, key) in keys.enumerated() {
            table.set(value, for: key)
        }
        #expect(table.remove(keys[1]) == true)
        #expect(table.remove(keys[3]) == true)
        #expect(table.value(for: keys[0]) == 0)
        #expect(table.value(for: keys[1]) == nil)
        #expect(table.value(for: keys[2]) == 2)
        #expect(table.value(for: keys[3]) == nil)
        #expect(table.value(for: keys[4]) == 4)
        // No stale slot is left behind: the run holds exactly the three entries left.
        #expect(table.runLength(hash: 7) == 3)
        #expect(table.remove(keys[0]) == true)
        #expect(table.remove(keys[4]) == true)
        #expect(table.runLength(hash: 7) == 1)
        #expect(table.value(for: keys[2]) == 2)
    }

    @Test
    func removalShiftsEntriesBackAcrossTheWrapAround() {
        // Home slot 15 of 16: the run wraps to slots 0, 1 and 2. Entries whose home is slot 1 sit behind it.
        var index = HashIndex()
        let hashes: [UInt64] = [15, 15, 15, 1, 1]
        for (entry, hash) in hashes.enumerated() {
            index.insert(UInt32(entry), hash: hash) { hashes[Int($0)] }
        }
        index.remove(0, hash: 15) { hashes[Int($0)] }
        for (entry, hash) in hashes.enumerated().dropFirst() {
            #expect(index.find(hash: hash) { $0 == UInt32(entry) } == UInt32(entry))
        }
        #expect(index.find(hash: 15) { $0 == 0 } == nil)
        index.remove(3, hash: 1) { hashes[Int($0)] }
        #expect(index.find(hash: 1) { $0 == 4 } == 4)
        #expect(index.find(hash: 15) { $0 == 2 } == 2)
        #expect(index.count == 3)
    }

    @Test
    func growsAtThreeQuartersAndRehashesEveryEntryOnce() {
        var table = Table(hashing: .byteHash)
        #expect(table.index.capacity == 0)
        table.set(0, for: [0])
        #expect(table.index.capacity == 12)
        for value in 1..<12 {
            table.set(value, for: [UInt8(value)])
        }
        #expect(table.index.capacity == 12)
        var rehashed: [UInt32] = []
        table.keys.append([12])
        table.values.append(12)
        table.index.insert(12, hash: Hashing.byteHash.hash([12])) { [keys = table.keys] entry in
            rehashed.append(entry)
            return Hashing.byteHash.hash(keys[Int(entry)]!)
        }
        #expect(table.index.capacity == 24)
        #expect(rehashed.sorted() == Array(0..<12))
        for value in 13..<10_000 {
            table.set(value, for: withUnsafeBytes(of: UInt32(value), Array.init))
        }
        #expect(table.index.count == 10_000)
        #expect(table.index.capacity >= 10_000 && table.index.capacity < 20_000)
        for value in 13..<10_000 {
            #expect(table.value(for: withUnsafeBytes(of: UInt32(value), Array.init)) == value)
        }
    }

    @Test(arguments: [false, true])
    func removeAllEmptiesTheIndex(keepingCapacity: Bool) {
        var table = Table(hashing: .byteHash)
        for value in 0..<100 {
            table.set(value, for: [UInt8(value)])
        }
        let capacity = table.index.capacity
        table.index.removeAll(keepingCapacity: keepingCapacity)
        #expect(table.index.isEmpty)
        #expect(table.index.capacity == (keepingCapacity ? capacity : 0))
        for value in 0..<100 {
            #expect(table.find([UInt8(value)]) == nil)
        }
        table.keys.removeAll()
        table.values.removeAll()
        for value in 0..<100 {
            table.set(value &+ 1, for: [UInt8(value)])
        }
        #expect(table.value(for: [42]) == 43)
        #expect(table.index.capacity == capacity)
    }

    @Test
    func removeAllReservingCapacityKeepsOrShrinksTheSlots() {
        var index = HashIndex()
        index.removeAll(reservingCapacity: 1000)
        #expect(index.capacity >= 1000)
        for entry in 0..<1000 {
            index.insert(UInt32(entry), hash: UInt64(entry) &* 0x9E37_79B9_7F4A_7C15) { _ in
                Issue.record("reserved, so it must not grow")
                return 0
            }
        }
        let large = index.capacity
        index.removeAll(reservingCapacity: 500)
        #expect(index.isEmpty && index.capacity == large)
        #expect(index.find(hash: 0) { _ in true } == nil)
        index.removeAll(reservingCapacity: 20)
        #expect(index.capacity >= 20 && index.capacity < 100)
    }
}
