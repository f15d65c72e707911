import ArgumentParser
import Foundation
import Glibc

/// `floorwatch reload --pid PID`: asks floorwatchd to read its configuration again (SIGHUP), the
/// unit's ExecReload= without depending on procps' `kill` (absent from minimal images).
struct Reload: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask floorwatchd to read its configuration again (what `systemctl reload floorwatchd` runs).")

    @Option(help: "floorwatchd's process id ($MAINPID in the unit).")
    var pid: Int32

    func run() throws {
        guard pid > 1 else { throw ValidationError("--pid must be floorwatchd's process id") }
        guard kill(pid, SIGHUP) == 0 else {
            FileHandle.standardError.write(
                Data("floorwatch: cannot signal \(pid): \(String(cString: strerror(errno)))\n".utf8))
            throw ExitCode(1)
        }
    }
}
