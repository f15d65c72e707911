import FloorDaemon
import Foundation

/// Reads the configuration file once in a child process (`floorwatchd --check-config --config
/// PATH`) before the daemon reads it itself. The TOML library is C++ that aborts the whole process
/// on some malformed files (fuzzing found several; the known ones are refused before it reads, see
/// `ConfigurationFile`): a reload, or a start, must end with a message, never with the running
/// daemon killed. A child that dies by a signal means the file is not read here.
enum ConfigurationProbe {
    /// Variables that would make the child act as the service (notify systemd, take its sockets).
    static let serviceVariables = [
        "NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "WATCHDOG_USEC", "WATCHDOG_PID",
    ]

    static func check(_ path: String) throws(ConfigurationError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = ["--check-config", "--config", path]
        var environment = ProcessInfo.processInfo.environment
        for name in serviceVariables { environment[name] = nil }
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            // No child (a sandbox without fork): the file is read in this process, as before.
            return
        }
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal {
            throw ConfigurationError(
                "the TOML reader crashed on this file (signal \(process.terminationStatus)), so it was not loaded; "
                    + "check its syntax (floorwatchd --check-config --config \(path))")
        }
    }
}
