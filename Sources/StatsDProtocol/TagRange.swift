/// One tag of a sample, as byte ranges into ``SampleBatch/bytes``.
///
/// The key is already escaped with ``NameEscaping`` (`tag.with.dots` is stored as `tag_with_dots`); the value is
/// stored verbatim.
package struct TagRange: Sendable, Hashable {
    /// The escaped tag key.
    package var key: Range<Int>
    /// The tag value, exactly as received.
    package var value: Range<Int>

    /// Creates a tag from two ranges into a batch's bytes.
    package init(key: Range<Int>, value: Range<Int>) {
        self.key = key
        self.value = value
    }
}
