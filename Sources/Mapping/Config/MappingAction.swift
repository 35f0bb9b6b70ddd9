/// What a matching rule does with an event: `map` it to a series (the default) or `drop` it.
package enum MappingAction: String, Sendable {
    case map
    case drop
}
