extension EngineCheckpoint {
    /// The storage of a checkpoint's longest lists (open contacts, ended contacts and their
    /// order), emptied, for the next capture to fill (`FloorEngine.checkpoint(reusing:)`).
    ///
    /// With 500,000 ended contacts remembered these lists are 40 MB, captured every second: new
    /// storage each time came and went from malloc's arenas, and under a steady flood the
    /// daemon's resident memory climbed in steps of tens of megabytes over half an hour (the
    /// arenas fragmenting). Kept and refilled, they are allocated once. Sendable: handed from
    /// the checkpoint writer's thread back to the engine loop.
    public struct Storage: Sendable {
        var contacts: [(Key, ContactRecord)] = []
        var endedContacts: [(Key, EndedContact)] = []
        var endedOrder: [(Key, EventTime)] = []

        public init() {}

        /// Bytes reserved (what a test or a statistic reads).
        public var reservedBytes: Int {
            contacts.capacity * MemoryLayout<(Key, ContactRecord)>.stride
                + endedContacts.capacity * MemoryLayout<(Key, EndedContact)>.stride
                + endedOrder.capacity * MemoryLayout<(Key, EventTime)>.stride
        }
    }

    /// Takes the longest lists' storage out of this checkpoint (once encoded), emptied; the
    /// checkpoint is left without them.
    public mutating func takeStorage() -> Storage {
        var storage = Storage()
        swap(&storage.contacts, &contacts)
        swap(&storage.endedContacts, &endedContacts)
        swap(&storage.endedOrder, &endedOrder)
        storage.contacts.removeAll(keepingCapacity: true)
        storage.endedContacts.removeAll(keepingCapacity: true)
        storage.endedOrder.removeAll(keepingCapacity: true)
        return storage
    }
}
