import ArgumentParser
import FloorCore
import FloorProtocol
import FloorSimulation
import Foundation

/// Encodes canonical events in a wire format.
struct EventLineEncoder {
    private var queueLog = AsteriskQueueLogEncoder()
    private var connectAgent = ConnectAgentEventEncoder()
    let format: SourceFormat

    /// The formats floorwatch can write as well as read.
    static let formats: [SourceFormat] = [.native, .asteriskQueueLog, .connectAgent]

    init(format name: String) throws {
        guard let format = SourceFormat(rawValue: name), Self.formats.contains(format) else {
            throw ValidationError("--format must be one of \(Self.formats.map(\.rawValue).joined(separator: ", "))")
        }
        self.format = format
    }

    mutating func encode(_ event: Event) -> [String] {
        switch format {
        case .asteriskQueueLog: queueLog.encode(event)
        case .connectAgent: connectAgent.encode(event)
        case .native: [NativeEncoder.encode(event)]
        // Refused by init: floorwatch writes no contact events and no AMI.
        case .connectContact, .asteriskAMI: []
        }
    }
}
