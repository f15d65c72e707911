import FloorAlerting

/// journald MESSAGE_IDs of the alert kinds, one per transition: what on-call staff filter on
/// (`journalctl MESSAGE_ID=…`) and what `systemd/floorwatch.catalog` explains. Fixed for ever:
/// a new kind gets new ids, an old one never changes. Beside the journald sink, which alone uses them.
enum JournalMessageIDs {
    static let byKind: [String: (firing: String, resolved: String)] = [
        "oldest_wait": ("13915020f34b496a8edb776407f81f08", "9c36d6834d094734b854dfd654d74284"),
        "service_level": ("d65714d8dc994d888fd2d5eb9eea0e0c", "91a4d0c8d4184db39de465d1a00cca8b"),
        "service_level_forecast": ("499be15bee1e4ae783ef695156a00662", "96b69b5af5144e93a933786696659811"),
        "abandon_rate": ("6dc37ea5630a4cd4af763b6c547b1e58", "cb1f79ec08194c978c4efd0f2177cc69"),
        "no_agent_available": ("6ccfd5ac9399437297469d21d408cce8", "4a28175b85f34aedbdf8f1ca2e67dfe8"),
        "backlog_age": ("cbb698298d3c449c9942acf55f82c82b", "dcf93bc7d29642c9ab889d2735fa81d0"),
        "occupancy_high": ("b4a64c3fb9084035a4c4f54422f009b0", "f39f4e105375429e9cabdab7834c7010"),
        "occupancy_low": ("e0ee2a723bd9402088d7ec16214abf98", "02f24d5c6a33456aa8de856dda75e239"),
        "source_stale": ("9535f3178fc7421e977f6c2d05cdb772", "0a2eaf5d62984458b9f8b6b6cf940e53"),
        "decode_errors": ("5f1298170efc4f9697e3ca5efaab007d", "fa2d184d03f0453da3618db9beb610ab"),
        "limits": ("9007a95a9d1644fcafc2088e7a833df8", "a2c0925efcdc4598a1a671f844cd7de3"),
        "udp_drops": ("357c65b3199c408e83d814d4125faab7", "3cebcbed29f14fcc8bacac4ab65ed2f0"),
        "custom": ("92ea0fb89eb0449c933845bf9978b829", "69126c27bb27444baa0f6888f0068a95"),
    ]

    /// The id of a notification's kind and transition (a kind without its own: `custom`'s).
    static func id(of notification: AlertNotification) -> String {
        let ids = byKind[notification.kind] ?? byKind["custom"]!
        return notification.state == .resolved ? ids.resolved : ids.firing
    }
}
