import ByteTables

/// The frozen glob state machine: flat arrays and one edge table keyed by (state, component bytes), found through a
/// ``HashIndex``, in the shape of Hummingbird's `RouterTrie`. Built once per config, shared by all threads.
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

    /// A literal transition: `parent` goes to `child` on a component equal to ``keyBytes`` at `keyStart`.
    struct Edge: Sendable {
        var parent: Int32
        var child: Int32
        var keyStart: Int32
        var keyLength: Int32
    }

    let states: [State]
    /// Root state per metric class, indexed by `MetricClass.rawValue`.
    let roots: [Int32]
    /// The literal transitions of every state, found through ``edgeIndex``.
    let edges: [Edge]
    let edgeIndex: HashIndex
    /// The component bytes of ``edges``, back to back.
    let keyBytes: [UInt8]
    /// Seeds the edge hashes; random per matcher, like every table keyed on bytes from outside.
    let seed: UInt64
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
        let seed = ByteHash.randomSeed()
        var edges: [Edge] = []
        edges.reserveCapacity(literalEdges.count)
        var keyBytes: [UInt8] = []
        var edgeIndex = HashIndex(minimumCapacity: literalEdges.count)
        for edge in literalEdges {
            edges.append(
                Edge(
                    parent: edge.parent,
                    child: edge.child,
                    keyStart: Int32(keyBytes.count),
                    keyLength: Int32(edge.key.count)
                )
            )
            keyBytes.append(contentsOf: edge.key)
            let hash = edge.key.withUnsafeBytes { Self.hash(parent: edge.parent, key: $0, seed: seed) }
            // Sized for every edge up front, so the index never grows and never needs `rehash`.
            edgeIndex.insert(UInt32(edges.count &- 1), hash: hash) { _ in preconditionFailure("sized to fit") }
        }
        self.states = states
        self.roots = roots
        self.edges = edges
        self.edgeIndex = edgeIndex
        self.keyBytes = keyBytes
        self.seed = seed
        self.orderedEdges = orderedEdges
        self.backtracking = backtracking
        self.orderingDisabled = orderingDisabled
        self.maxComponents = maxComponents
    }

    /// The hash of the edge from `parent` labelled `key`: ``ByteHash`` of the key, seeded with the parent.
    @inline(__always)
    static func hash(parent: Int32, key: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        ByteHash.hash(key, seed: ByteHash.seed(seed, with: UInt32(bitPattern: parent)))
    }

    /// The literal child of `parent` labelled with `key`, or -1.
    /// - Complexity: O(key length) expected; does not allocate.
    @inline(__always)
    func literalChild(of parent: Int32, key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let key = UnsafeRawBufferPointer(key)
        let hash = Self.hash(parent: parent, key: key, seed: self.seed)
        let found = self.edges.withUnsafeBufferPointer { edges in
            self.keyBytes.withUnsafeBytes { keyBytes in
                self.edgeIndex.find(hash: hash) { number in
                    let edge = edges[Int(number)]
                    let label = keyBytes[Int(edge.keyStart)..<Int(edge.keyStart &+ edge.keyLength)]
                    return edge.parent == parent && ByteOrder.equal(UnsafeRawBufferPointer(rebasing: label), key)
                }
            }
        }
        return found.map { self.edges[Int($0)].child } ?? -1
    }
}
