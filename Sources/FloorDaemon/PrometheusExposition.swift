import FloorCore

/// The `/metrics` page in Prometheus text format 0.0.4: domain gauges per channel and queue, and
/// the daemon's own figures. Every family has HELP and TYPE; counters end in `_total`.
///
/// Thread-safe (reads atomics and an immutable snapshot).
public struct PrometheusExposition: Sendable {
    /// The daemon's own figures that are not in the snapshot.
    public struct DaemonFigures: Sendable {
        public var eventsApplied: @Sendable () -> Int64
        public var udpDrops: @Sendable () -> Int64?

        public init(eventsApplied: @escaping @Sendable () -> Int64, udpDrops: @escaping @Sendable () -> Int64?) {
            self.eventsApplied = eventsApplied
            self.udpDrops = udpDrops
        }
    }

    let daemon: DaemonFigures

    public init(daemon: DaemonFigures) { self.daemon = daemon }

    public func render(_ snapshot: FloorSnapshot) -> String {
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        func sample(_ name: String, _ labels: [(String, String)], _ value: Double) {
            let rendered = labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",")
            out += name + (rendered.isEmpty ? "" : "{\(rendered)}") + " " + format(value) + "\n"
        }
        var scopes: [([(String, String)], ScopeSnapshot)] = Channel.allCases.map {
            ([("channel", $0.name)], snapshot.channels[$0])
        }
        for name in snapshot.queues.keys.sorted() {
            let scope = snapshot.queues[name]!
            scopes.append(([("channel", (scope.channel ?? .voice).name), ("queue", name)], scope))
        }
        family("floorwatch_contacts_in_queue", "gauge", "Contacts waiting in queue now.")
        for (labels, scope) in scopes { sample("floorwatch_contacts_in_queue", labels, Double(scope.inQueue)) }
        family(
            "floorwatch_oldest_wait_seconds", "gauge",
            "How long the longest-waiting contact has waited (0 when none waits).")
        for (labels, scope) in scopes {
            sample("floorwatch_oldest_wait_seconds", labels, Double(scope.oldestWait ?? 0) / 1000)
        }
        family("floorwatch_agents", "gauge", "Agents per activity for the channel or queue.")
        for (labels, scope) in scopes {
            for (state, value) in [
                ("staffed", scope.agents.staffed), ("available", scope.agents.available),
                ("on_contact", scope.agents.onContact),
                ("after_contact_work", scope.agents.afterContactWork), ("away", scope.agents.away),
                ("offline", scope.agents.offline),
            ] { sample("floorwatch_agents", labels + [("state", state)], Double(value)) }
        }
        family("floorwatch_slots", "gauge", "Concurrency slots: capacity of staffed agents and slots in use.")
        for (labels, scope) in scopes {
            sample("floorwatch_slots", labels + [("kind", "capacity")], Double(scope.slots.capacity))
            sample("floorwatch_slots", labels + [("kind", "in_use")], Double(scope.slots.inUse))
        }
        let windowCounts: [(String, WindowField, String)] = [
            ("floorwatch_window_offered", .offered, "Contacts offered (enqueued) in the sliding window."),
            ("floorwatch_window_answered", .answered, "Contacts answered in the sliding window."),
            (
                "floorwatch_window_abandoned", .abandoned,
                "Contacts abandoned in the sliding window (short abandons included)."
            ),
            ("floorwatch_window_timed_out", .timedOut, "Contacts removed from queue by timeout in the sliding window."),
        ]
        for (name, field, help) in windowCounts {
            family(name, "gauge", help)
            for (labels, scope) in scopes {
                for window in scope.windows { sample(name, labels + [("window", window.label)], Double(window[field])) }
            }
        }
        let ratios: [(String, String, (WindowSnapshot) -> Double?)] = [
            (
                "floorwatch_window_service_level_ratio",
                "Service level in the sliding window (0-1), absent without data.", { $0.serviceLevel }
            ),
            (
                "floorwatch_window_abandon_ratio", "Abandoned over contacts that left the queue, absent without data.",
                { $0.abandonRate }
            ),
            (
                "floorwatch_window_asa_seconds", "Average speed of answer in the sliding window.",
                { $0.averageSpeedOfAnswer.map { $0 / 1000 } }
            ),
            (
                "floorwatch_window_aht_seconds", "Average handle time (talk, hold, after-contact work).",
                { $0.averageHandleTime.map { $0 / 1000 } }
            ),
            (
                "floorwatch_window_occupancy_ratio", "Time-based occupancy (Amazon Connect's definition).",
                { $0.occupancyTime }
            ),
        ]
        for (name, help, value) in ratios {
            family(name, "gauge", help)
            for (labels, scope) in scopes {
                for window in scope.windows {
                    if let number = value(window) { sample(name, labels + [("window", window.label)], number) }
                }
            }
        }
        family("floorwatch_source_events_total", "counter", "Events applied per source.")
        for source in snapshot.sources {
            sample("floorwatch_source_events_total", [("source", source.name)], Double(source.events))
        }
        family("floorwatch_source_bytes_total", "counter", "Bytes received per source.")
        for source in snapshot.sources {
            sample("floorwatch_source_bytes_total", [("source", source.name)], Double(source.bytes))
        }
        family("floorwatch_source_decode_errors_total", "counter", "Inputs rejected per source and reason.")
        for source in snapshot.sources {
            for (reason, count) in source.decodeErrors.sorted(by: { $0.key < $1.key }) {
                sample(
                    "floorwatch_source_decode_errors_total", [("source", source.name), ("reason", reason)],
                    Double(count))
            }
        }
        family(
            "floorwatch_source_anomalies_total", "counter",
            "Stream anomalies per source and kind (duplicates, reaped contacts, ...).")
        for source in snapshot.sources {
            for (kind, count) in source.anomalies.sorted(by: { $0.key < $1.key }) {
                sample("floorwatch_source_anomalies_total", [("source", source.name), ("kind", kind)], Double(count))
            }
        }
        family("floorwatch_events_applied_total", "counter", "Events applied by the engine since start.")
        sample("floorwatch_events_applied_total", [], Double(daemon.eventsApplied()))
        family("floorwatch_snapshot_sequence", "gauge", "Sequence number of the published snapshot.")
        sample("floorwatch_snapshot_sequence", [], Double(snapshot.sequence))
        if let drops = daemon.udpDrops() {
            family(
                "floorwatch_udp_receive_drops_total", "counter",
                "Datagrams the kernel dropped on floorwatch's UDP sockets.")
            sample("floorwatch_udp_receive_drops_total", [], Double(drops))
        }
        return out
    }

    private func escape(_ value: String) -> String {
        value.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"").replacingAll("\n", with: "\\n")
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}

extension String {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}
