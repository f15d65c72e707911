import CMalloc

/// How the daemon's large buffers are returned to the system.
///
/// Each snapshot builds lists as long as the floor (a waiting list of 100,000 callers is 4.8 MB,
/// an agent list of 20,000 agents 1 MB) and frees the previous snapshot's. glibc raises its mmap
/// threshold to the largest block freed so far, so after the first such list every later one comes
/// from the heap, and freed heap stays resident: measured, 65 bytes of resident memory per waiting
/// caller and 210 per agent that no live snapshot held. With a fixed threshold of 256 KiB, blocks
/// above it are mapped on their own and unmapped when freed; smaller floors' lists (under 5,000
/// callers) stay on the heap, where a snapshot costs no page faults.
public enum LargeBuffers {
    public static let mappedFrom = 256 << 10

    /// Call once at start, before the engine allocates.
    public static func returnToTheSystemWhenFreed() {
        _ = mallopt(M_MMAP_THRESHOLD, Int32(mappedFrom))
    }
}
