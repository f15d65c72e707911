extension FloorEngine {
    /// Registers a source, or returns the one already registered under `name` (a listener that is
    /// bound again, a subscription that reconnects): the engine is the one registry of sources.
    ///
    /// Sources of one platform instance share identity: Amazon Connect's agent and contact feeds
    /// of one instance name the same contact by ContactId and the same agent by ARN; Asterisk's
    /// queue_log and AMI of one system name the same call by uniqueid and the same member by
    /// interface. Such sources are keyed in one namespace, so each contact and agent exists once
    /// and is counted once in every scope. `instance` names the platform instance (a Connect
    /// instance ARN, an Asterisk system name); nil means the platform's default instance, which
    /// every source of that platform shares. Native sources are each their own instance unless
    /// one is named.
    @discardableResult
    public func registerSource(name: String, format: SourceFormat, instance: String? = nil) -> SourceID {
        if let existing = sourceIDs[name] { return existing }
        let id = SourceID(UInt16(sourceIDs.count))
        sourceIDs[name] = id
        let instanceName: String
        switch (format.platform, instance) {
        case (_, let named?): instanceName = "\(format.platform.rawValue):\(named)"
        case (.native, nil): instanceName = "source:\(name)"
        case (let platform, nil): instanceName = "\(platform.rawValue):default"
        }
        let namespace = namespaceIDs[instanceName] ?? UInt16(namespaceIDs.count + 1)
        namespaceIDs[instanceName] = namespace
        let index = Int(id.index)
        if index >= sources.count { sources.append(contentsOf: repeatElement(nil, count: index + 1 - sources.count)) }
        sources[index] = SourceRecord(name: name, format: format, instance: instanceName)
        setNamespace(namespace, of: index)
        // The cached namespace of the source being applied may be this one's.
        applyingSource = .unattributed
        applyingNamespace = self.namespace(of: .unattributed)
        return id
    }

    /// The platform of a registered source (nil for unregistered and unattributed ones).
    func platform(of source: SourceID) -> SourceFormat.Platform? {
        let index = Int(source.index)
        guard !source.isUnattributed, index < sources.count else { return nil }
        return sources[index]?.format?.platform
    }

    /// The one platform every source that has sent events belongs to, if they share one (its
    /// definitions then apply to the channel and floor scopes). A listener that never received
    /// anything (the default native ports left open) feeds nothing and does not count.
    var floorPlatform: SourceFormat.Platform? {
        let platforms = Set(sources.compactMap { $0?.events ?? 0 > 0 ? $0?.format?.platform : nil })
        return platforms.count == 1 ? platforms.first : nil
    }

    /// The registered source of this name, if any.
    public func source(named name: String) -> SourceID? { sourceIDs[name] }

    /// Counts an input the decoder rejected, by reason (decoders live in FloorProtocol).
    public func recordDecodeError(source: SourceID, reason: String, count: Int64 = 1) {
        withSource(source) { $0.decodeErrors[reason, default: 0] += count }
    }

    /// Counts an input that was well formed but carried nothing to apply (a system record, an
    /// event type floorwatch does not use), by reason: normal traffic, never an error.
    public func recordIgnored(source: SourceID, reason: String, count: Int64 = 1) {
        withSource(source) { $0.ignored[reason, default: 0] += count }
    }

    /// The identity namespace of a source's contacts and agents.
    @inline(__always)
    func namespace(of source: SourceID) -> UInt16 {
        let index = Int(source.index)
        return index < sourceNamespaces.count ? sourceNamespaces[index] : Self.ownNamespace(source)
    }

    /// The key of a contact or agent id as `source` names it.
    @inline(__always)
    func key(_ id: String, source: SourceID) -> EntityKey {
        EntityKey(source: source, namespace: namespace(of: source), id: id)
    }

    func withSource(_ id: SourceID, _ body: (inout SourceRecord) -> Void) {
        if id.isUnattributed {
            body(&unattributedSource)
            return
        }
        let index = Int(id.index)
        if index >= sources.count { sources.append(contentsOf: repeatElement(nil, count: index + 1 - sources.count)) }
        if sources[index] == nil {
            // Used without registering (tests and tools that build events by hand): its own instance.
            sources[index] = SourceRecord(name: "source-\(id.index)", format: .native, instance: "source:\(id.index)")
        }
        body(&sources[index]!)
    }

    func count(_ anomaly: Anomaly, source: SourceID) {
        withSource(source) { $0.anomalies[anomaly, default: 0] += 1 }
    }

    /// Namespaces of registered instances count up from 1; an unregistered source keys in its own,
    /// taken from the top of the range so it never meets a registered instance's (unattributed
    /// events, index `UInt16.max`, get 0).
    private static func ownNamespace(_ source: SourceID) -> UInt16 { UInt16.max - source.index }

    private func setNamespace(_ namespace: UInt16, of index: Int) {
        while sourceNamespaces.count <= index {
            sourceNamespaces.append(Self.ownNamespace(SourceID(UInt16(sourceNamespaces.count))))
        }
        sourceNamespaces[index] = namespace
    }
}
