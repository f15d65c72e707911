import Glibc
import Synchronization

/// Signals the dashboard reacts to, set by the handlers and read by the drawing loop.
let terminalResized = Atomic<Bool>(false)
let terminalQuit = Atomic<Bool>(false)

/// The terminal the dashboard owns while it runs: raw keys, alternate screen, hidden cursor,
/// and everything restored on exit, SIGINT and SIGTERM. Redraws by difference: only lines
/// that changed are written, so the wall screen never flickers.
final class Terminal {
    private var saved = termios()
    private var previous: [String] = []
    private let interactive: Bool

    init() {
        interactive = isatty(0) == 1
        if interactive {
            tcgetattr(0, &saved)
            var raw = saved
            raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
            raw.c_cc.6 = 0  // VMIN
            raw.c_cc.5 = 1  // VTIME: 0.1 s
            tcsetattr(0, TCSANOW, &raw)
        }
        signal(SIGWINCH) { _ in terminalResized.store(true, ordering: .relaxed) }
        signal(SIGINT) { _ in terminalQuit.store(true, ordering: .relaxed) }
        signal(SIGTERM) { _ in terminalQuit.store(true, ordering: .relaxed) }
        // The terminal went away (tmux killed, SSH dropped): quit, do not draw into nothing.
        signal(SIGHUP) { _ in terminalQuit.store(true, ordering: .relaxed) }
        // A signal mask is inherited across exec: a parent that blocked these (Foundation's
        // Process does, in its children) would leave Ctrl-C and resizes without effect.
        var handled = sigset_t()
        sigemptyset(&handled)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] { sigaddset(&handled, signal) }
        pthread_sigmask(SIG_UNBLOCK, &handled, nil)
        write("\u{1B}[?1049h\u{1B}[?25l\u{1B}[2J")
    }

    /// Puts the terminal back as it was.
    func restore() {
        write("\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l")
        if interactive { tcsetattr(0, TCSANOW, &saved) }
    }

    /// Columns and rows, from the terminal (80×24 when it will not say).
    func size() -> (width: Int, height: Int) {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 {
            return (Int(size.ws_col), Int(size.ws_row))
        }
        return (80, 24)
    }

    /// Draws a frame, writing only the lines that differ from the last one.
    func draw(_ frame: [String], full: Bool) {
        var output = full ? "\u{1B}[2J" : ""
        for (index, line) in frame.enumerated() where full || index >= previous.count || previous[index] != line {
            output += "\u{1B}[\(index + 1);1H" + line
        }
        previous = frame
        if !output.isEmpty { write(output) }
    }

    /// A key press, if one is waiting. A terminal that hung up reads as `q`.
    func key() -> Character? {
        var byte: UInt8 = 0
        var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        guard interactive, poll(&descriptor, 1, 0) > 0 else { return nil }
        if descriptor.revents & Int16(POLLHUP | POLLERR) != 0 { return "q" }
        let count = Glibc.read(0, &byte, 1)
        if count == 0 { return "q" }
        return count == 1 ? Character(Unicode.Scalar(byte)) : nil
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
            if written <= 0 {
                // EIO/EPIPE: the terminal is gone.
                if errno != EINTR && errno != EAGAIN { terminalQuit.store(true, ordering: .relaxed) }
                break
            }
            offset += written
        }
    }
}
