/// How a UDP listener reads: each datagram of a vector read (recvmmsg) gets its own slice of the
/// receive buffer, one byte longer than the longest datagram allowed (`ingest.max_line_bytes`,
/// at most UDP's 65,507), so a longer one fills its slice and is counted as `too_long` instead of
/// being cut short unseen. Up to 64 datagrams a read, fewer for very long limits, so one read's
/// buffer stays near 1 MiB.
struct UDPReadShape: Equatable {
    let slice: Int
    let datagramsPerRead: Int

    init(maximumDatagram: Int) {
        slice = min(max(maximumDatagram, 1), 65_507) + 1
        datagramsPerRead = max(8, min(64, (1 << 20) / slice))
    }
}
