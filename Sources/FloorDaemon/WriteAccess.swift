import Glibc
import Synchronization

/// Who may change what through the query API. Reading needs the query socket (its group) or, over
/// TCP, the read token; acknowledging alerts, silencing them and deciding on recommendations need
/// the write permission: root or a member of the write group on the Unix socket (the kernel's
/// SO_PEERCRED says who), the write token over TCP. A wall-screen kiosk account in the query group
/// reads the floor and cannot silence it.
///
/// Thread-safe (immutable; the refusal log's clock is an atomic).
final class WriteAccess: Sendable {
    let groupName: String?
    /// The write group's id, resolved at start; nil when it does not exist (then only root writes).
    let groupID: gid_t?
    let token: String?
    private let lastRefusalLog = Atomic<Int64>(0)

    init(groupName: String?, token: String?) {
        self.groupName = groupName
        groupID = groupName.flatMap { name in getgrnam(name).map { $0.pointee.gr_gid } }
        self.token = token
    }

    /// A Unix-socket peer: root, the write group as its primary group, or a member of it.
    func allows(uid: uid_t, gid: gid_t) -> Bool {
        if uid == 0 { return true }
        guard let groupID else { return false }
        if gid == groupID { return true }
        return Self.supplementaryGroups(of: uid, primary: gid).contains(groupID)
    }

    /// A TCP request: it carries the write token.
    func allows(authorization: String?) -> Bool {
        guard let token else { return false }
        return QueryHTTPHandler.presents(authorization, token: token)
    }

    /// What a refused writer is told.
    var refusal: String {
        let group = groupName.map { "membership of group \($0) (or root)" } ?? "root"
        return "acknowledging, silencing and deciding need the write permission: \(group) on the query socket, "
            + (token == nil ? "and are not possible over TCP (no write token configured)" : "the write token over TCP")
    }

    /// Whether a refusal may be logged now: at most one line every ten seconds, so a client that
    /// retries cannot fill the journal.
    func mayLogRefusal(now: Int64) -> Bool {
        let last = lastRefusalLog.load(ordering: .relaxed)
        guard now - last >= 10_000_000_000 else { return false }
        return lastRefusalLog.compareExchange(expected: last, desired: now, ordering: .relaxed).exchanged
    }

    /// The groups `uid` belongs to through /etc/group (and NSS), its primary group included.
    static func supplementaryGroups(of uid: uid_t, primary: gid_t) -> [gid_t] {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return [] }
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(entry.pw_name, primary, &groups, &count) == -1 {
            groups = [gid_t](repeating: 0, count: Int(count))
            guard getgrouplist(entry.pw_name, primary, &groups, &count) != -1 else { return [] }
        }
        return Array(groups.prefix(Int(count)))
    }
}
