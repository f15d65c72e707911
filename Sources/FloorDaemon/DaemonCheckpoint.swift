import FloorAlerting
import FloorCore
import FloorStaffing
import Foundation

/// Everything a restart must not forget, taken together on the engine loop so the parts agree:
/// the engine's state, where each followed file was read up to (the lines applied *into this
/// state*), the alert evaluator (alerts, acknowledgements, silences, ids), the recommender
/// (lifecycle, ids, dwell) and what Alertmanager was last told is firing.
///
/// The engine's part is the compact binary `EngineCheckpoint`; the small alert and recommender
/// parts are JSON (Foundation's coder of their synthesized `Codable`). The whole is framed with
/// its version and a CRC-32 (`CheckpointFrame`).
struct DaemonCheckpoint: Sendable {
    /// The daemon's layout in the high half, the engine's in the low half.
    static let formatVersion: UInt32 = 1 << 16 | EngineCheckpoint.formatVersion

    /// A followed file's position: the file (inode) and the offset after the last line applied.
    struct FilePosition: Sendable, Equatable {
        var inode: UInt64
        var offset: Int64
    }

    var takenAt: EventTime
    var engine: EngineCheckpoint
    var files: [String: FilePosition] = [:]
    var alerts: AlertEvaluator.State
    var recommendations: CapacityRecommender.State
    var alertmanagerFiring: [String: String] = [:]

    func encoded() throws -> [UInt8] {
        var writer = BinaryWriter()
        let engineBytes = engine.encoded()
        writer.raw(engineBytes)
        writer.array(files.sorted { $0.key < $1.key }) { writer, entry in
            writer.string(entry.key)
            writer.unsigned(entry.value.inode)
            writer.signed(entry.value.offset)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        writer.raw(Array(try encoder.encode(alerts)))
        writer.raw(Array(try encoder.encode(recommendations)))
        writer.array(alertmanagerFiring.sorted { $0.key < $1.key }) { writer, entry in
            writer.string(entry.key)
            writer.string(entry.value)
        }
        return CheckpointFrame.seal(writer.bytes, version: Self.formatVersion, takenAt: takenAt)
    }

    /// Why a checkpoint file was not restored.
    struct Refused: Error, CustomStringConvertible {
        var description: String
    }

    init(
        takenAt: EventTime, engine: EngineCheckpoint, files: [String: FilePosition], alerts: AlertEvaluator.State,
        recommendations: CapacityRecommender.State, alertmanagerFiring: [String: String]
    ) {
        self.takenAt = takenAt
        self.engine = engine
        self.files = files
        self.alerts = alerts
        self.recommendations = recommendations
        self.alertmanagerFiring = alertmanagerFiring
    }

    init(decoding bytes: [UInt8]) throws(Refused) {
        let frame: (takenAt: EventTime, payload: ArraySlice<UInt8>, version: UInt32)
        do {
            frame = try CheckpointFrame.open(
                bytes, versions: Set(EngineCheckpoint.readableVersions.map { 1 << 16 | $0 }))
        } catch {
            throw Refused(description: error.description)
        }
        takenAt = frame.takenAt
        var reader = BinaryReader(Array(frame.payload))
        do {
            engine = try EngineCheckpoint(decoding: try reader.raw(UInt8.self), version: frame.version & 0xFFFF)
            for _ in 0..<(try reader.count()) {
                files[try reader.string()] = FilePosition(inode: try reader.unsigned(), offset: try reader.signed())
            }
            let decoder = JSONDecoder()
            alerts = try decoder.decode(AlertEvaluator.State.self, from: Data(try reader.raw(UInt8.self)))
            recommendations = try decoder.decode(
                CapacityRecommender.State.self, from: Data(try reader.raw(UInt8.self)))
            for _ in 0..<(try reader.count()) { alertmanagerFiring[try reader.string()] = try reader.string() }
            guard reader.isAtEnd else { throw Refused(description: "bytes after the end") }
        } catch let error as Refused {
            throw error
        } catch {
            throw Refused(description: "\(error)")
        }
    }
}
