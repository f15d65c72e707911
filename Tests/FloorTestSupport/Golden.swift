import Foundation

/// A small golden-file helper: compares text with a committed file, and rewrites the file when
/// `FLOORWATCH_UPDATE_GOLDEN=1` (then review the diff before committing).
public enum Golden {
    /// Returns nil when `actual` matches the golden file, or a description of the first difference.
    public static func mismatch(_ actual: String, file path: String) -> String? {
        if ProcessInfo.processInfo.environment["FLOORWATCH_UPDATE_GOLDEN"] == "1" {
            try? actual.write(toFile: path, atomically: true, encoding: .utf8)
            return nil
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            return "golden file \(path) is missing (run with FLOORWATCH_UPDATE_GOLDEN=1 to create it)"
        }
        if expected == actual { return nil }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let want = index < expectedLines.count ? String(expectedLines[index]) : "<end>"
            let got = index < actualLines.count ? String(actualLines[index]) : "<end>"
            if want != got { return "line \(index + 1) differs:\n  expected: \(want)\n  actual:   \(got)" }
        }
        return "files differ"
    }
}
