/// Takes every raw datagram or stream line as it arrives, valid or not, before it is parsed: the relay's hook.
///
/// Called on the listener's thread once per datagram or line; an implementation must not block.
package protocol LineForwarder: Sendable {
    /// Forwards `bytes`, one or more `\n`-separated lines.
    func forward(_ bytes: Span<UInt8>)
}
