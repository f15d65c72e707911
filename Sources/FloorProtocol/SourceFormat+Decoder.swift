import FloorCore

extension SourceFormat {
    /// The pure decoder of a line format (one record per line or datagram), or nil for AMI, whose
    /// frames are read by an `AMISession`. Exhaustive: a new format must say how it is decoded.
    /// `localTime`: the zone a format with local wall-clock times was written in (Asterisk's ISO
    /// queue_log times); nil reads them as UTC.
    public func makeLineDecoder(
        maximumBytes: Int, localTime: AsteriskQueueLogDecoder.LocalTimeConversion? = nil
    ) -> LineBatchDecoder.Decode? {
        switch self {
        case .native:
            let native = NativeDecoder(maximumLength: maximumBytes)
            return { (bytes, events) throws(DecodeError) in events.append(try native.decode(bytes)) }
        case .asteriskQueueLog:
            let queueLog = AsteriskQueueLogDecoder(maximumLength: maximumBytes, localTime: localTime)
            return { (bytes, events) throws(DecodeError) in try queueLog.decode(bytes, into: &events) }
        case .connectAgent:
            // Agent snapshots list every contact and queue of a profile: larger than a native line.
            let connect = ConnectAgentEventDecoder(maximumLength: max(maximumBytes, 256 * 1024))
            return { (bytes, events) throws(DecodeError) in try connect.decode(bytes, into: &events) }
        case .connectContact:
            let connect = ConnectContactEventDecoder(maximumLength: max(maximumBytes, 64 * 1024))
            return { (bytes, events) throws(DecodeError) in try connect.decode(bytes, into: &events) }
        case .asteriskAMI:
            return nil
        }
    }

    /// A line splitter and decoder for one source of a line format (nil for AMI).
    public func makeLineBatchDecoder(
        source: SourceID, maximumLineBytes: Int, localTime: AsteriskQueueLogDecoder.LocalTimeConversion? = nil
    ) -> LineBatchDecoder? {
        makeLineDecoder(maximumBytes: maximumLineBytes, localTime: localTime).map {
            LineBatchDecoder(source: source, maximumLineLength: maximumLineBytes, decode: $0)
        }
    }
}
