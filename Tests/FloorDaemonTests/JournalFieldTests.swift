import FloorAlerting
import Foundation
import SystemdSupport
import Testing

@testable import FloorDaemon

@Suite("journald field names")
struct JournalFieldTests {
    @Test(arguments: ["MESSAGE", "FLOORWATCH_ALERT", "A1", "X_Y_Z"])
    func validNames(name: String) { #expect(JournalWriter.isValidFieldName(name)) }

    @Test(arguments: ["", "_PID", "1ABC", "lower", "HAS-DASH", String(repeating: "A", count: 65)])
    func invalidNames(name: String) { #expect(!JournalWriter.isValidFieldName(name)) }

    @Test func invalidNameIsRejectedBeforeSending() {
        #expect(throws: JournalWriter.Failure.invalidFieldName("bad")) {
            try JournalWriter().send([("MESSAGE", "x"), ("bad", "y")])
        }
    }
}

/// Every alert kind has its own journald MESSAGE_IDs, one per transition, all distinct, and the
/// message catalog explains each of them.
@Suite("Journal MESSAGE_IDs")
struct JournalMessageIDTests {
    @Test func everyKindHasDistinctIDsThatTheCatalogExplains() throws {
        let kinds = Set(AlertKinds.all.map(\.name))
        #expect(Set(JournalMessageIDs.byKind.keys) == kinds)
        let ids = JournalMessageIDs.byKind.values.flatMap { [$0.firing, $0.resolved] }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
        let catalog = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("systemd/floorwatch.catalog"),
            encoding: .utf8)
        for id in ids { #expect(catalog.contains("-- \(id)"), "\(id) is not in the catalog") }
    }
}
