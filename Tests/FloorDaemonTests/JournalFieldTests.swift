import SystemdSupport
import Testing

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
