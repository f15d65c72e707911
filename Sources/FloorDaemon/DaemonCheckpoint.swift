import FloorAlerting
import FloorCore
import FloorForecast
import FloorStaffing
import Foundation

/// Everything a restart must not forget, taken together on the engine loop so the parts agree:
/// the engine's state, where each followed file was read up to (the lines applied *into this
/// state*), the alert evaluator (alerts, acknowledgements, silences, ids), the recommender
/// (lifecycle, ids, dwell), what Alertmanager was last told is firing, and the forecast's
/// intraday profiles.
///
/// The engine's part is the compact binary `EngineCheckpoint`; the small alert and recommender
/// parts are JSON (Foundation's coder of their synthesized `Codable`). The whole is framed with
/// its version and a CRC-32 (`CheckpointFrame`).
struct DaemonCheckpoint: Sendable {
    /// The daemon's layout in the high half, the engine's in the low half. Layout 2 added the
    /// forecast's intraday profiles at the end; layout 1 files are still read (no profiles).
    static let layout: UInt32 = 2
    static let formatVersion: UInt32 = layout << 16 | EngineCheckpoint.formatVersion

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
    /// What the forecast learned of each scope's intraday arrivals (weeks of it: a restart must
    /// not forget it).
    var forecastProfiles: [ForecastScope: IntradayProfile] = [:]

    /// The storage one encoding needs, kept by the writer between checkpoints: encoding into
    /// fresh buffers each second (tens of megabytes under a flood) cost page faults on the core
    /// the engine shares; reused, a flood of 3 million datagrams takes 140,000 – 185,000 faults
    /// instead of 255,000 – 280,000. The frame is given back once written. One buffer: the
    /// engine's part is encoded in place after the header, not into a second buffer and copied.
    struct Buffers {
        /// The frame: header and payload, sealed in place.
        var frame: [UInt8] = []
    }

    func encoded() throws -> [UInt8] {
        var buffers = Buffers()
        return try encoded(reusing: &buffers)
    }

    /// Encodes into `buffers`' storage; the frame is returned (give it back as `buffers.frame`
    /// once written).
    func encoded(reusing buffers: inout Buffers) throws -> [UInt8] {
        var writer = BinaryWriter(
            reusing: .taken(from: &buffers.frame), reservingCapacity: engine.encodedSizeEstimate + 64 * 1024)
        CheckpointFrame.reserveHeader(in: &writer)
        writer.rawInPlace { engine.encode(into: &$0) }
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
        let profiles = forecastProfiles.sorted { $0.key.description < $1.key.description }
        writer.array(profiles) { writer, entry in
            switch entry.key {
            case .channel(let channel):
                writer.byte(0)
                writer.byte(channel.rawValue)
            case .queue(let name):
                writer.byte(1)
                writer.string(name)
            }
            writer.raw(entry.value.cells.map(\.bitPattern))
            writer.raw(entry.value.days)
        }
        var frame = writer.takeBytes()
        CheckpointFrame.seal(inPlace: &frame, version: Self.formatVersion, takenAt: takenAt)
        return frame
    }

    /// Why a checkpoint file was not restored.
    struct Refused: Error, CustomStringConvertible {
        var description: String
    }

    init(
        takenAt: EventTime, engine: EngineCheckpoint, files: [String: FilePosition], alerts: AlertEvaluator.State,
        recommendations: CapacityRecommender.State, alertmanagerFiring: [String: String],
        forecastProfiles: [ForecastScope: IntradayProfile] = [:]
    ) {
        self.takenAt = takenAt
        self.engine = engine
        self.files = files
        self.alerts = alerts
        self.recommendations = recommendations
        self.alertmanagerFiring = alertmanagerFiring
        self.forecastProfiles = forecastProfiles
    }

    init(decoding bytes: [UInt8]) throws(Refused) {
        let frame: (takenAt: EventTime, payload: ArraySlice<UInt8>, version: UInt32)
        do {
            frame = try CheckpointFrame.open(
                bytes,
                versions: Set(
                    (1...Self.layout).flatMap { layout in EngineCheckpoint.readableVersions.map { layout << 16 | $0 } })
            )
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
            if frame.version >> 16 >= 2 {
                for _ in 0..<(try reader.count()) {
                    let scope: ForecastScope
                    switch try reader.byte() {
                    case 0:
                        guard let channel = Channel(rawValue: try reader.byte()) else {
                            throw Refused(description: "a forecast profile of an unknown channel")
                        }
                        scope = .channel(channel)
                    case 1: scope = .queue(try reader.string())
                    default: throw Refused(description: "a forecast profile of an unknown kind of scope")
                    }
                    let cells = try reader.raw(UInt64.self).map(Double.init(bitPattern:))
                    guard let profile = IntradayProfile(cells: cells, days: try reader.raw(UInt16.self)) else {
                        throw Refused(description: "a forecast profile of the wrong size")
                    }
                    forecastProfiles[scope] = profile
                }
            }
            guard reader.isAtEnd else { throw Refused(description: "bytes after the end") }
        } catch let error as Refused {
            throw error
        } catch {
            throw Refused(description: "\(error)")
        }
    }
}
