/// The layouts shipped in `Dashboards/`, compiled in so `floorwatch dash` works from any
/// directory. A test keeps these equal to the files, which are the source of truth.
public enum DefaultLayouts {
    public static let files: [(name: String, json: String)] = [
        ("wallboard", wallboard),
        ("supervisor", supervisor),
    ]

    static let wallboard = #"""
        {
          "name": "wallboard",
          "description": "The floor at a glance for a wall screen: big numbers per channel, coloured by the alert thresholds, alerts and recommended moves.",
          "sections": [
            { "kind": "channel_tiles", "channels": ["voice", "chat", "email", "task"], "window": "15m" },
            { "kind": "metric_tiles", "tiles": [
              { "label": "voice SL 60m", "metric": "channels.voice.windows.60m.service_level", "format": "percent", "big": true, "warning": "target", "critical": "target-0.15", "direction": "below" },
              { "label": "voice abandoned 15m", "metric": "channels.voice.windows.15m.abandon_rate", "format": "percent", "big": true, "warning": 0.05, "critical": 0.10 },
              { "label": "voice ASA 15m", "metric": "channels.voice.windows.15m.asa_seconds", "format": "seconds", "big": true, "warning": 20, "critical": 60 },
              { "label": "agents free", "metric": "agents.available", "format": "count", "big": true }
            ] },
            { "kind": "recommendations", "rows": 3 },
            { "kind": "alerts", "rows": 4 },
            { "kind": "sparklines", "channels": ["voice", "chat", "email"], "window": "60m" },
            { "kind": "agent_bar" }
          ]
        }
        """#

    static let supervisor = #"""
        {
          "name": "supervisor",
          "description": "Per-queue and per-agent detail in plain figures, for the supervisor's desk.",
          "sections": [
            { "kind": "alerts", "rows": 3 },
            { "kind": "recommendations", "rows": 2 },
            { "kind": "forecast", "channels": ["voice", "chat"] },
            { "kind": "queue_table", "window": "15m" },
            { "kind": "agent_bar" },
            { "kind": "agent_table" }
          ]
        }
        """#
}
