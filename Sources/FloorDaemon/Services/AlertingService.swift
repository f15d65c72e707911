import ServiceLifecycle

/// Alerts and recommendations leave the daemon through sinks (journald, Alertmanager) that the
/// engine's stages call on its loop; this service owns their lifetime: at stop, every journald
/// entry posted before the inputs closed is written before the process exits.
///
/// Threading: the journald outbox writes on its own serial queue; `run` only waits.
struct AlertingService: Service {
    let journal: JournalOutbox

    func run() async throws {
        try? await gracefulShutdown()
        journal.flush()
    }
}
