import FloorCore
import Prometheus

/// The `/metrics` page: domain gauges per channel and queue and the daemon's own figures,
/// registered in swift-prometheus's collector registry with help text (its swift-metrics factory
/// would emit empty help). Values are copied from the published snapshot at each scrape.
///
/// Thread-safe (the registry is); scrapes run on the query loop, never on the engine's.
public final class PrometheusExposition: Sendable {
    /// The daemon's own figures that are not in the snapshot.
    public struct DaemonFigures: Sendable {
        public var eventsApplied: @Sendable () -> Int64
        public var udpDrops: @Sendable () -> Int64?

        public init(eventsApplied: @escaping @Sendable () -> Int64, udpDrops: @escaping @Sendable () -> Int64?) {
            self.eventsApplied = eventsApplied
            self.udpDrops = udpDrops
        }
    }

    private let registry = PrometheusCollectorRegistry()
    private let daemon: DaemonFigures

    public init(daemon: DaemonFigures) { self.daemon = daemon }

    public func render(_ snapshot: FloorSnapshot) -> String {
        update(snapshot)
        return registry.emitToString()
    }

    /// The full name is given whole (units already in it), with its help text.
    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    private func gauge(_ name: String, _ labels: [(String, String)], _ help: String, _ value: Double) {
        registry.makeGauge(descriptor: Self.descriptor(name, help), labels: labels).set(value)
    }

    /// Counters mirror totals kept by the engine: set to the snapshot's value.
    private func counter(_ name: String, _ labels: [(String, String)], _ help: String, _ value: Int64) {
        let counter = registry.makeCounter(descriptor: Self.descriptor(name, help), labels: labels)
        counter.reset()
        counter.increment(by: value)
    }

    private func update(_ snapshot: FloorSnapshot) {
        var scopes: [([(String, String)], ScopeSnapshot)] = Channel.allCases.map {
            ([("channel", $0.name)], snapshot.channels[$0])
        }
        for name in snapshot.queues.keys.sorted() {
            let scope = snapshot.queues[name]!
            scopes.append(([("channel", (scope.channel ?? .voice).name), ("queue", name)], scope))
        }
        for (labels, scope) in scopes {
            gauge("floorwatch_contacts_in_queue", labels, "Contacts waiting in queue now.", Double(scope.inQueue))
            gauge(
                "floorwatch_oldest_wait_seconds", labels,
                "How long the longest-waiting contact has waited (0 when none waits).",
                Double(scope.oldestWait ?? 0) / 1000)
            gauge(
                "floorwatch_backlog_oldest_age_seconds", labels, "Age of the oldest unanswered item (0 when none).",
                Double(scope.backlog.oldestAge ?? 0) / 1000)
            let agents: [(String, Int)] = [
                ("staffed", scope.agents.staffed), ("available", scope.agents.available),
                ("on_contact", scope.agents.onContact), ("after_contact_work", scope.agents.afterContactWork),
                ("away", scope.agents.away), ("offline", scope.agents.offline),
            ]
            for (state, value) in agents {
                gauge(
                    "floorwatch_agents", labels + [("state", state)], "Agents per activity for the channel or queue.",
                    Double(value))
            }
            gauge(
                "floorwatch_slots", labels + [("kind", "capacity")], "Concurrency slots: capacity and in use.",
                Double(scope.slots.capacity))
            gauge(
                "floorwatch_slots", labels + [("kind", "in_use")], "Concurrency slots: capacity and in use.",
                Double(scope.slots.inUse))
            // The sliding windows, the day so far and the quarter hour in progress, by label.
            var windows = scope.windows.map { ($0.label, $0) }
            if let today = scope.today { windows.append(("today", today)) }
            if let interval = scope.currentInterval { windows.append(("current_interval", interval)) }
            for (label, window) in windows {
                let windowLabels = labels + [("window", label)]
                gauge(
                    "floorwatch_window_offered", windowLabels, "Contacts offered (enqueued) in the sliding window.",
                    Double(window[.offered]))
                gauge(
                    "floorwatch_window_answered", windowLabels, "Contacts answered in the sliding window.",
                    Double(window[.answered]))
                gauge(
                    "floorwatch_window_abandoned", windowLabels,
                    "Contacts abandoned in the sliding window (short abandons included).", Double(window[.abandoned]))
                gauge(
                    "floorwatch_window_timed_out", windowLabels,
                    "Contacts removed from queue by timeout in the sliding window.",
                    Double(window[.timedOut]))
                gauge(
                    "floorwatch_window_handled", windowLabels,
                    "Queue contacts whose handling (talk, hold, after-contact work) completed.",
                    Double(window[.handled]))
                ratio(
                    "floorwatch_window_service_level_ratio", windowLabels,
                    "Service level in the sliding window (0-1); absent without data.", window.serviceLevel)
                // Every threshold of the scope, the main one included (Connect's custom SL, Asterisk's SL2).
                if let goal = scope.goal {
                    var levels = [(goal.threshold, window.serviceLevel)]
                    for (index, threshold) in goal.additionalThresholds.enumerated() {
                        levels.append((threshold, window.serviceLevel(additional: index)))
                    }
                    for (threshold, level) in levels {
                        ratio(
                            "floorwatch_window_service_level_at_threshold_ratio",
                            windowLabels + [("threshold_seconds", NumberText.plain(Double(threshold) / 1000))],
                            "Service level at each of the scope's thresholds (0-1); absent without data.", level)
                    }
                }
                ratio(
                    "floorwatch_window_abandon_ratio", windowLabels,
                    "Abandoned over contacts that left the queue; absent without data.", window.abandonRate)
                ratio(
                    "floorwatch_window_abandon_excluding_short_ratio", windowLabels,
                    "Abandoned over contacts that left the queue, short abandons left out; absent without data.",
                    window.abandonRateExcludingShort)
                let counts: [(String, WindowField, String)] = [
                    ("floorwatch_window_transfers_in", .transfersIn, "Contacts transferred into the scope."),
                    (
                        "floorwatch_window_transfers_out", .transfers,
                        "Contacts transferred out of the scope (by an agent or from the queue)."
                    ),
                    ("floorwatch_window_callbacks_handled", .callbacksHandled, "Queued callbacks handled."),
                    (
                        "floorwatch_window_outbound_handled", .outboundHandled,
                        "Outbound contacts whose work completed (not in handled)."
                    ),
                ]
                for (name, field, help) in counts { gauge(name, windowLabels, help, Double(window[field])) }
                let averages: [(String, Double?, String)] = [
                    (
                        "floorwatch_window_avg_talk_seconds", window.averageTalkTime,
                        "Average talk time of handled contacts; absent without data."
                    ),
                    (
                        "floorwatch_window_avg_hold_seconds", window.averageHoldTime,
                        "Average hold time of handled contacts; absent without data."
                    ),
                    (
                        "floorwatch_window_avg_acw_seconds", window.averageAfterContactWork,
                        "Average after-contact work of handled contacts; absent without data."
                    ),
                ]
                for (name, value, help) in averages { ratio(name, windowLabels, help, value.map { $0 / 1000 }) }
                ratio(
                    "floorwatch_window_asa_seconds", windowLabels,
                    "Average speed of answer in the sliding window; absent without data.",
                    window.averageSpeedOfAnswer.map { $0 / 1000 })
                ratio(
                    "floorwatch_window_aht_seconds", windowLabels,
                    "Average handle time (talk, hold, after-contact work); absent without data.",
                    window.averageHandleTime.map { $0 / 1000 })
                ratio(
                    "floorwatch_window_occupancy_ratio", windowLabels,
                    "Time-based occupancy (Amazon Connect's definition); absent without data.", window.occupancyTime)
                ratio(
                    "floorwatch_window_wait_p90_seconds", windowLabels,
                    "90th percentile of queue waits in the window; absent without data.",
                    window.waitP90.map { Double($0) / 1000 })
            }
        }
        for source in snapshot.sources {
            let labels = [("source", source.name)]
            counter("floorwatch_source_events_total", labels, "Events applied per source.", source.events)
            counter("floorwatch_source_bytes_total", labels, "Bytes received per source.", source.bytes)
            for (reason, count) in source.decodeErrors {
                counter(
                    "floorwatch_source_decode_errors_total", labels + [("reason", reason)],
                    "Inputs rejected per source and reason.", count)
            }
            for (kind, count) in source.anomalies {
                counter(
                    "floorwatch_source_anomalies_total", labels + [("kind", kind)],
                    "Stream anomalies per source and kind (duplicates, reaped contacts, ...).", count)
            }
            gauge(
                "floorwatch_source_lag_seconds", labels,
                "How far the source's last event was behind its own newest event.",
                Double(source.lastLateness) / 1000)
        }
        counter(
            "floorwatch_events_applied_total", [], "Events applied by the engine since start.", daemon.eventsApplied())
        gauge(
            "floorwatch_snapshot_sequence", [], "Sequence number of the published snapshot.", Double(snapshot.sequence))
        if let drops = daemon.udpDrops() {
            counter(
                "floorwatch_udp_receive_drops_total", [], "Datagrams the kernel dropped on floorwatch's UDP sockets.",
                drops)
        }
    }

    /// A gauge that exists only while there is data (Prometheus' way of saying null).
    private func ratio(_ name: String, _ labels: [(String, String)], _ help: String, _ value: Double?) {
        let gauge = registry.makeGauge(descriptor: Self.descriptor(name, help), labels: labels)
        if let value {
            gauge.set(value)
        } else {
            registry.unregisterGauge(gauge)
        }
    }
}
