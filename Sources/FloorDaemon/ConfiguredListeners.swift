import NIOCore

/// The configured (not socket-activated) ingest listeners, which reload may open and close.
actor ConfiguredListeners {
    private var channels: [ListenerSpec: any NIOCore.Channel]

    /// False when the ingest sockets came from systemd.
    let managed: Bool

    init(_ channels: [ListenerSpec: any NIOCore.Channel], managed: Bool) {
        self.channels = channels
        self.managed = managed
    }

    func specs() -> Set<ListenerSpec> { Set(channels.keys) }

    func all() -> [any NIOCore.Channel] { Array(channels.values) }

    func add(_ spec: ListenerSpec, _ channel: any NIOCore.Channel) { channels[spec] = channel }

    func remove(_ spec: ListenerSpec) async {
        try? await channels.removeValue(forKey: spec)?.close()
    }
}
