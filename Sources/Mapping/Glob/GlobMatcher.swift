/// The frozen glob state machine: flat arrays and one open-addressing edge table keyed by (state, component
/// bytes), in the shape of Hummingbird's `RouterTrie`. Built once per config, shared by all threads.
///
/// A lookup hashes each component once; its cost depends on the name's component count and on how many
/// alternatives the rules force it to try, not on the number of rules.
final class GlobMatcher: Sendable {
    struct State: Sendable {
        /// Index of the `*` child, or -1.
        var starChild: Int32
        var minRemaining: Int32
        var maxRemaining: Int32
        /// Index of the glob rule whose result this state holds, or -1.
        var rule: Int32
        var priority: Int32
    }

    struct EdgeSlot: Sendable {
        /// Parent state, or -1 for an empty slot.
        var parent: Int32
        var child: Int32
        var keyStart: Int32
        var keyLength: Int32
        var hash: UInt32
    }

    let states: [State]
    /// Root state per metric class, indexed by `MetricClass.rawValue`.
    let roots: [Int32]
    let slots: [EdgeSlot]
    let slotMask: Int
    let keyBytes: [UInt8]
    /// Labelled transitions of each state in insertion order, for ``dot()``.
    let orderedEdges: [[(label: String, child: Int32)]]
    /// Whether a literal match is paired with a `*` alternative (statsd_exporter's `BacktrackingNeeded`).
    let backtracking: Bool
    /// `glob_disable_ordering: true`: the first result found wins, literals tried before `*`.
    let orderingDisabled: Bool
    /// Deepest rule, in components; a name with more components cannot match.
    let maxComponents: Int

    /// Freezes `builder`.
    init(freezing builder: GlobTrieBuilder, backtracking: Bool, orderingDisabled: Bool) {
        var states: [State] = []
        var orderedEdges: [[(label: String, child: Int32)]] = []
        var literalEdges: [(parent: Int32, key: [UInt8], child: Int32)] = []
        var maxComponents = 0
        // Breadth-first numbering so that dumps read like the reference's.
        var queue: [(GlobTrieBuilder.State, Int)] = []
        var roots: [Int32] = []
        func enqueue(_ state: GlobTrieBuilder.State, depth: Int) -> Int32 {
            let index = Int32(states.count)
            states.append(
                State(
                    starChild: -1,
                    minRemaining: Int32(state.minRemaining),
                    maxRemaining: Int32(state.maxRemaining),
                    rule: Int32(state.rule ?? -1),
                    priority: Int32(state.priority)
                )
            )
            orderedEdges.append([])
            queue.append((state, depth))
            return index
        }
        for root in builder.roots {
            roots.append(enqueue(root, depth: 0))
        }
        var head = 0
        while head < queue.count {
            let (state, depth) = queue[head]
            let index = head
            head += 1
            maxComponents = max(maxComponents, depth)
            for label in state.labels {
                guard let child = state.children[label] else { continue }
                let childIndex = enqueue(child, depth: depth + 1)
                orderedEdges[index].append((label, childIndex))
                if label == "*" {
                    states[index].starChild = childIndex
                } else {
                    literalEdges.append((Int32(index), Array(label.utf8), childIndex))
                }
            }
        }
        var capacity = 8
        while capacity < literalEdges.count * 2 {
            capacity *= 2
        }
        var slots = [EdgeSlot](
            repeating: EdgeSlot(parent: -1, child: -1, keyStart: 0, keyLength: 0, hash: 0),
            count: capacity
        )
        var keyBytes: [UInt8] = []
        for edge in literalEdges {
            let hash = edge.key.withUnsafeBufferPointer { Self.hash(parent: edge.parent, key: $0) }
            var slot = Int(hash) & (capacity - 1)
            while slots[slot].parent >= 0 {
                slot = (slot + 1) & (capacity - 1)
            }
            slots[slot] = EdgeSlot(
                parent: edge.parent,
                child: edge.child,
                keyStart: Int32(keyBytes.count),
                keyLength: Int32(edge.key.count),
                hash: hash
            )
            keyBytes.append(contentsOf: edge.key)
        }
        self.states = states
        self.roots = roots
        self.slots = slots
        self.slotMask = capacity - 1
        self.keyBytes = keyBytes
        self.orderedEdges = orderedEdges
        self.backtracking = backtracking
        self.orderingDisabled = orderingDisabled
        self.maxComponents = maxComponents
    }

    /// FNV-1a over the parent index and the key bytes, folded to 32 bits.
    @inline(__always)
    static func hash(parent: Int32, key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var parentBits = UInt32(bitPattern: parent)
        for _ in 0..<4 {
            hash = (hash ^ UInt64(parentBits & 0xFF)) &* 0x0100_0000_01b3
            parentBits >>= 8
        }
        for byte in key {
            hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3
        }
        return UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
    }

    /// The literal child of `parent` labelled with `key`, or -1.
    @inline(__always)
    func literalChild(of parent: Int32, key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(parent: parent, key: key)
        var slot = Int(hash) & self.slotMask
        while true {
            let entry = self.slots[slot]
            if entry.parent < 0 {
                return -1
            }
            if entry.parent == parent, entry.hash == hash, Int(entry.keyLength) == key.count {
                let equal = self.keyBytes.withUnsafeBufferPointer { bytes in
                    key.elementsEqual(bytes[Int(entry.keyStart)..<Int(entry.keyStart + entry.keyLength)])
                }
                if equal {
                    return entry.child
                }
            }
            slot = (slot + 1) & self.slotMask
        }
    }
}
