import FloorCore
import FloorForecast
import FloorProtocol
import FloorTestSupport
import Foundation
import Glibc
import Synchronization

// Plain rate measurements for docs/performance.md, next to the same-run orjson baseline:
//   swift run -c release rates lines FILE        writes the benchmark's native event lines
//   taskset -c 1 swift run -c release rates decode-apply FILE [RUNS]
//   swift run -c release rates readers FILE [READERS] [RUNS]
//   swift run -c release rates digest FILE        every final figure, to compare two builds
//   swift run -c release rates decode-format FORMAT FILE [RUNS]
//                                                 a real format's decoder alone (connect-agent,
//                                                 connect-contact, asterisk-queue-log, asterisk-ami),
//                                                 on records from Benchmarks/format_records.py
//   swift run -c release rates forecast -       the forecast stage's cost per minute on the engine
//                                                 loop: the energy retailer's outage morning
//   swift run -c release rates checkpoint [DIR]   checkpoint size and times: a 250-agent day and
//                                                 100,000 open contacts (written, fsynced, in DIR)
// Every figure is a median of RUNS runs (default 5).

/// The file's lines, in one buffer as a read buffer holds them (no array per line to retain and
/// release around each decode, which the daemon does not have either).
struct Lines {
    let bytes: [UInt8]
    let ranges: [Range<Int>]
    var count: Int { ranges.count }

    init(path: String) {
        bytes = Array(FileManager.default.contents(atPath: path) ?? Data())
        var ranges: [Range<Int>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            if index > start { ranges.append(start..<index) }
            start = index + 1
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
        self.ranges = ranges
    }

    /// Calls `body` with each line's bytes and its number.
    func forEach(_ body: (UnsafeRawBufferPointer, Int) -> Void) {
        bytes.withUnsafeBytes { raw in
            for (index, range) in ranges.enumerated() { body(UnsafeRawBufferPointer(rebasing: raw[range]), index) }
        }
    }
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// Pins the calling thread to one CPU (the readers mode keeps writer and readers apart, as
/// systemd's CPUAffinity= or the kernel's own placement would on a quiet machine).
func pin(toCPU cpu: Int) {
    // sched_setaffinity(0, …) pins the calling thread; Glibc's module map hides it (_GNU_SOURCE).
    typealias SetAffinity = @convention(c) (Int32, Int, UnsafeRawPointer) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sched_setaffinity") else { return }
    var mask = [UInt64](repeating: 0, count: 16)
    mask[cpu / 64] |= 1 << UInt64(cpu % 64)
    let result = mask.withUnsafeBytes { unsafeBitCast(symbol, to: SetAffinity.self)(0, $0.count, $0.baseAddress!) }
    precondition(result == 0, "cannot pin to CPU \(cpu)")
}

/// CPU time of the calling thread, in seconds.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Events per hand-over to the engine: the daemon applies a read in slices of 128
/// (`EngineHost.applySlice`), so the decoded events are still in the first-level cache.
/// BATCH=N tries others.
let batchSize = Int(ProcessInfo.processInfo.environment["BATCH"] ?? "128")!

/// Decodes and applies every line once into `engine` (a fresh one by default); returns seconds.
func decodeAndApply(
    _ lines: Lines, publisher: SnapshotPublisher?,
    into engine: FloorEngine = FloorEngine(settings: EngineSettings(clock: .event))
) -> Double {
    let decoder = NativeDecoder()
    var batch: [Event] = []
    batch.reserveCapacity(512)
    let start = ContinuousClock.now
    lines.forEach { line, index in
        if let event = try? decoder.decode(line) { batch.append(event) }
        if batch.count == batchSize || index == lines.count - 1 {
            engine.apply(draining: &batch, wallNow: Script.origin)
            // Every 64 Ki events, the daemon's tick: maintenance (forgetting contacts that ended
            // more than 15 minutes ago, reaping) and, with readers, a published snapshot. The
            // daemon ticks every 250 ms, far more often.
            if index % 65_536 < batchSize {
                engine.tick(wallNow: Script.origin)
                if let publisher { publisher.publish(engine.makeSnapshot(wallNow: Script.origin)) }
            }
        }
    }
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: rates lines|decode-apply|decode|apply|snapshot|readers|digest FILE [...]")
    exit(2)
}
let path = arguments[2]
switch arguments[1] {
case "lines":
    var options = SyntheticStream.Options()
    options.contacts = 250_000
    // INTERARRIVAL=seconds changes the backlog (0.05 s: about 7,800 open contacts at a time).
    options.meanInterarrival = Double(ProcessInfo.processInfo.environment["INTERARRIVAL"] ?? "0.05")!
    let text = SyntheticStream(options).map { NativeEncoder.encode($0) }.joined(separator: "\n") + "\n"
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    let lines = text.split(separator: "\n")
    print("wrote \(lines.count) lines, average \(text.utf8.count / lines.count) bytes, to \(path)")
case "decode-apply":
    let lines = Lines(path: path)
    let runs = arguments.count > 3 ? Int(arguments[3])! : 5
    var rates: [Double] = []
    var cpuRates: [Double] = []
    for run in 0..<runs {
        let cpu = threadCPUSeconds()
        let seconds = decodeAndApply(lines, publisher: nil)
        rates.append(Double(lines.count) / seconds)
        // Per second of this thread's CPU time: the guest does not count time the host took
        // the vCPU away (steal), so this figure moves less with the VM's neighbours.
        cpuRates.append(Double(lines.count) / (threadCPUSeconds() - cpu))
        print("run=\(run) decode+apply events_per_s=\(Int(rates.last!)) per_cpu_s=\(Int(cpuRates.last!))")
    }
    print(
        "RESULT decode+apply: median_events_per_s=\(Int(median(rates))) best_events_per_s=\(Int(rates.max()!)) median_per_cpu_s=\(Int(median(cpuRates))) lines=\(lines.count)"
    )
case "digest":
    // Every figure the engine ends with (lifetime totals, each scope's windows, the quarter
    // hours), to check that an optimisation changed no result: compare the output of two builds.
    let engine = FloorEngine(settings: EngineSettings(clock: .event))
    _ = decodeAndApply(Lines(path: path), publisher: nil, into: engine)
    let snapshot = engine.makeSnapshot(wallNow: Script.origin, dayStart: Script.origin)
    func describe(_ name: String, _ scope: ScopeSnapshot) {
        for window in scope.windows {
            print(
                name, window.label, window.counts.values, window.waitP50 ?? -1, window.waitP90 ?? -1,
                window.waitP99 ?? -1, window.waitMax ?? -1, Array(window.arrivalsPerMinute))
        }
        print(name, "gauges", scope.inQueue, scope.oldestWait ?? -1, scope.backlog.count, scope.agents.available)
    }
    print("lifetime", snapshot.lifetime.values)
    describe("overall", snapshot.overall)
    for channel in Channel.allCases { describe(channel.name, snapshot.channels[channel]) }
    for name in snapshot.queues.keys.sorted() { describe(name, snapshot.queues[name]!) }
    for interval in snapshot.intervals { print("interval", interval.start, interval.overall.values) }
    for contact in snapshot.waiting {
        print("waiting", contact.id, contact.queue, contact.channel, contact.position, contact.wait)
    }
    func describe(_ figures: AgentFigures?) -> String {
        guard let figures else { return "-" }
        return "\(Channel.allCases.map { figures.handled[$0] }) \(figures.handleMs) \(figures.holdMs) "
            + "\(figures.afterContactWorkMs) \(figures.missed) \(figures.onContactMs) \(figures.idleMs) "
            + "\(figures.slotBusyMs) \(figures.slotCapacityMs)"
    }
    for agent in snapshot.agents {
        print(
            "agent", agent.id, agent.activity, agent.since, Channel.allCases.map { agent.inUse[$0] },
            Channel.allCases.map { agent.slots[$0] }, agent.contacts, describe(agent.today),
            agent.windows.map { "\($0.label) \(describe($0.figures))" })
    }
case "snapshot":
    // Building a snapshot, as the daemon does after each read batch: the first LINES lines
    // applied, then snapshots built with a few more events between each (so each sees a change).
    let lines = Lines(path: path)
    let decoder = NativeDecoder()
    var events: [Event] = []
    lines.forEach { line, _ in if let event = try? decoder.decode(line) { events.append(event) } }
    let warm = min(events.count, Int(ProcessInfo.processInfo.environment["LINES"] ?? "200000")!)
    let engine = FloorEngine(settings: EngineSettings(clock: .event))
    engine.apply(events[0..<warm], wallNow: Script.origin)
    let builds = arguments.count > 3 ? Int(arguments[3])! : 2_000
    var next = warm
    let cpu = threadCPUSeconds()
    for _ in 0..<builds {
        let end = min(events.count, next + 5)
        if next < end { engine.apply(events[next..<end], wallNow: Script.origin) }
        next = end
        _ = engine.makeSnapshot(wallNow: Script.origin, maintaining: false)
    }
    let seconds = threadCPUSeconds() - cpu
    let snapshot = engine.makeSnapshot(wallNow: Script.origin)
    print(
        "RESULT snapshot: \(Int(seconds / Double(builds) * 1e6)) us CPU per snapshot; open contacts \(snapshot.openContacts), waiting \(snapshot.waiting.count), agents \(snapshot.agents.count), queues \(snapshot.queues.count)"
    )
case "decode", "apply":
    // Each half alone, to see where decode+apply spends its time.
    let lines = Lines(path: path)
    let decoder = NativeDecoder()
    var rates: [Double] = []
    // Decoded once, outside the timing (and out of a profile's way).
    var events: [Event] = []
    if arguments[1] == "apply" {
        lines.forEach { line, _ in if let event = try? decoder.decode(line) { events.append(event) } }
    }
    for run in 0..<(arguments.count > 3 ? Int(arguments[3])! : 5) {
        let engine = FloorEngine(settings: EngineSettings(clock: .event))
        // Batches of 512, as decode-apply hands them over, built outside the timing.
        var batches =
            arguments[1] == "apply"
            ? stride(from: 0, to: events.count, by: 512).map { Array(events[$0..<min(events.count, $0 + 512)]) } : []
        let start = ContinuousClock.now
        if arguments[1] == "decode" {
            var count = 0
            lines.forEach { line, _ in if (try? decoder.decode(line)) != nil { count += 1 } }
            precondition(count == lines.count)
        } else {
            for index in batches.indices {
                engine.apply(draining: &batches[index], wallNow: Script.origin)
                if index % 128 == 0 { engine.tick(wallNow: Script.origin) }  // every 64 Ki events, as in decode-apply
            }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        rates.append(Double(lines.count) / seconds)
        print("run=\(run) \(arguments[1]) events_per_s=\(Int(rates.last!))")
    }
    print("RESULT \(arguments[1]): median_events_per_s=\(Int(median(rates))) best_events_per_s=\(Int(rates.max()!))")
case "decode-format":
    // arguments: decode-format FORMAT FILE [RUNS]; line formats one record per line, AMI blocks
    // separated by an empty line (CRLF CRLF), as the AMI session frames them.
    guard arguments.count >= 4, let format = SourceFormat(rawValue: arguments[2]) else {
        print("usage: rates decode-format connect-agent|connect-contact|asterisk-queue-log|asterisk-ami FILE [RUNS]")
        exit(2)
    }
    let bytes = Array(FileManager.default.contents(atPath: arguments[3]) ?? Data())
    var records: [Range<Int>] = []
    let separator: [UInt8] = format == .asteriskAMI ? Array("\r\n\r\n".utf8) : [0x0A]
    var start = 0
    var index = 0
    while index + separator.count <= bytes.count {
        if bytes[index] == separator[0], Array(bytes[index..<index + separator.count]) == separator {
            if index > start { records.append(start..<index) }
            index += separator.count
            start = index
        } else {
            index += 1
        }
    }
    if start < bytes.count { records.append(start..<bytes.count) }
    let runs = arguments.count > 4 ? Int(arguments[4])! : 5
    let lineDecoder = format.makeLineDecoder(maximumBytes: 256 * 1024)
    let ami = AsteriskAMIDecoder()
    var rates: [Double] = []
    for run in 0..<runs {
        var events: [Event] = []
        events.reserveCapacity(64)
        var failures = 0
        var produced = 0
        let started = ContinuousClock.now
        bytes.withUnsafeBytes { raw in
            for range in records {
                let record = UnsafeRawBufferPointer(rebasing: raw[range])
                do {
                    if let lineDecoder {
                        try lineDecoder(record, &events)
                    } else {
                        try ami.decode(record, receivedAt: Script.origin, into: &events)
                    }
                } catch {
                    failures += 1
                }
                produced += events.count
                events.removeAll(keepingCapacity: true)
            }
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        rates.append(Double(records.count) / seconds)
        print(
            "run=\(run) decode-format \(format.rawValue) records_per_s=\(Int(rates.last!)) events=\(produced) not_decoded=\(failures)"
        )
    }
    print(
        "RESULT decode-format \(format.rawValue): median_records_per_s=\(Int(median(rates))) records=\(records.count) bytes=\(bytes.count)"
    )
case "forecast":
    // The energy retailer's morning with its outage (250 agents, 7 queues), a snapshot a minute as
    // the daemon's tick publishes them; what the forecast stage costs at each minute boundary (it
    // runs on the engine loop): learning the minute, forecasting every scope, projecting voice and
    // chat under three scenarios each.
    var outage = SimulatedOutage(seed: 7)
    var forecaster = FloorForecaster()
    var costs: [Double] = []
    var minute = SimulatedOutage.start
    while minute < SimulatedOutage.start + .hours(2) {
        minute = minute + .minutes(1)
        outage.run(until: minute)
        let started = ContinuousClock.now
        _ = forecaster.observe(outage.snapshot, calendar: UTCCalendar())
        let elapsed = ContinuousClock.now - started
        costs.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    let ordered = costs.sorted()
    print(
        "RESULT forecast stage per minute: median_ms=\(ordered[ordered.count / 2] * 1000) p90_ms=\(ordered[ordered.count * 9 / 10] * 1000) max_ms=\(ordered.last! * 1000) minutes=\(costs.count) scopes=\(forecaster.board.scopes.count)"
    )
case "readers":
    let lines = Lines(path: path)
    let readers = arguments.count > 3 ? Int(arguments[3])! : 4
    let runs = arguments.count > 4 ? Int(arguments[4])! : 5
    // READER_CPU / WRITER_CPU: where the threads run (default: writer on CPU 1, readers on CPU 0,
    // so the figure is the readers' interference, not a share of one core). -1 leaves it to the kernel.
    let writerCPU = Int(ProcessInfo.processInfo.environment["WRITER_CPU"] ?? "1")!
    let readerCPU = Int(ProcessInfo.processInfo.environment["READER_CPU"] ?? "0")!
    if writerCPU >= 0 { pin(toCPU: writerCPU) }
    var alone: [Double] = []
    var loaded: [Double] = []
    var aloneCPU: [Double] = []
    var loadedCPU: [Double] = []
    for run in 0..<runs {
        let publisher = SnapshotPublisher(initial: .empty(settings: EngineSettings(), at: Script.origin))
        var cpu = threadCPUSeconds()
        alone.append(Double(lines.count) / decodeAndApply(lines, publisher: publisher))
        aloneCPU.append(Double(lines.count) / (threadCPUSeconds() - cpu))
        let stop = Atomic<Bool>(false)
        let reads = Atomic<Int>(0)
        let group = DispatchGroup()
        for _ in 0..<readers {
            group.enter()
            Thread {
                if readerCPU >= 0 { pin(toCPU: readerCPU) }
                var count = 0
                var checksum: Int64 = 0
                while !stop.load(ordering: .relaxed) {
                    checksum &+= publisher.current.overall.windows[0][.offered]
                    count += 1
                }
                reads.add(count &+ Int(checksum & 0), ordering: .relaxed)
                group.leave()
            }.start()
        }
        usleep(100_000)  // the readers are running before the writer starts
        cpu = threadCPUSeconds()
        loaded.append(Double(lines.count) / decodeAndApply(lines, publisher: publisher))
        loadedCPU.append(Double(lines.count) / (threadCPUSeconds() - cpu))
        stop.store(true, ordering: .relaxed)
        group.wait()
        print(
            "run=\(run) alone=\(Int(alone.last!)) with_\(readers)_readers=\(Int(loaded.last!)) per_cpu_s alone=\(Int(aloneCPU.last!)) loaded=\(Int(loadedCPU.last!)) reads=\(reads.load(ordering: .relaxed))"
        )
    }
    let slowdown = 1 - median(loaded) / median(alone)
    let cpuSlowdown = 1 - median(loadedCPU) / median(aloneCPU)
    // Each run measures alone and with readers back to back: the median of those paired ratios
    // cancels most of the VM's drift, which the ratio of medians does not.
    let paired = 1 - median(zip(loaded, alone).map { $0 / $1 })
    print(
        "RESULT readers: writer_cpu=\(writerCPU) reader_cpu=\(readerCPU) alone_median=\(Int(median(alone))) with_readers_median=\(Int(median(loaded))) slowdown=\(String(format: "%.1f", slowdown * 100))% per_writer_cpu_second: alone=\(Int(median(aloneCPU))) with_readers=\(Int(median(loadedCPU))) slowdown=\(String(format: "%.1f", cpuSlowdown * 100))% paired_slowdown=\(String(format: "%.1f", paired * 100))%"
    )
case "checkpoint":
    let directory = arguments.count > 2 ? arguments[2] : NSTemporaryDirectory()
    func milliseconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }
    func measure(_ name: String, _ engine: FloorEngine) throws {
        var capture: [Double] = [], encode: [Double] = [], write: [Double] = [], decode: [Double] = []
        var restore: [Double] = []
        var size = 0
        for _ in 0..<5 {
            var checkpoint: EngineCheckpoint?
            capture.append(milliseconds { checkpoint = engine.checkpoint() })
            var bytes: [UInt8] = []
            encode.append(
                milliseconds {
                    bytes = CheckpointFrame.seal(checkpoint!.encoded(), version: 1, takenAt: Script.origin)
                })
            size = bytes.count
            let path = directory + "/rates-checkpoint.bin"
            write.append(
                milliseconds {
                    let descriptor = open(path + ".tmp", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
                    _ = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
                    fsync(descriptor)
                    close(descriptor)
                    rename(path + ".tmp", path)
                    let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY)
                    fsync(directoryDescriptor)
                    close(directoryDescriptor)
                })
            var decoded: EngineCheckpoint?
            try decode.append(
                milliseconds {
                    let read = Array(FileManager.default.contents(atPath: path)!)
                    decoded = try EngineCheckpoint(decoding: Array(try CheckpointFrame.open(read, version: 1).payload))
                })
            let fresh = FloorEngine(settings: engine.settings)
            try restore.append(milliseconds { try fresh.restore(decoded!) })
        }
        print(
            "RESULT checkpoint \(name): bytes=\(size) capture_ms=\(String(format: "%.1f", median(capture))) "
                + "encode_ms=\(String(format: "%.1f", median(encode))) write_fsync_ms=\(String(format: "%.1f", median(write))) "
                + "read_decode_ms=\(String(format: "%.1f", median(decode))) restore_ms=\(String(format: "%.1f", median(restore)))"
        )
    }
    // A 250-agent center after a day: 20,000 contacts over about 5.5 hours, four queues.
    var day = SyntheticStream.Options()
    day.agents = 250
    day.contacts = 20_000
    let center = FloorEngine(settings: EngineSettings(clock: .event))
    center.registerSource(name: "feed", format: .native)
    center.apply(SyntheticStream(day), wallNow: Script.origin)
    try measure("250 agents after 20,000 contacts", center)
    // 100,000 contacts waiting in 100 queues (an outage backlog of emails and callers).
    let backlog = FloorEngine(settings: EngineSettings(clock: .event))
    backlog.registerSource(name: "feed", format: .native)
    var waiting: [Event] = []
    for index in 0..<100_000 {
        waiting.append(
            Event(
                time: Script.origin + Milliseconds(index * 10),
                body: .contact(
                    id: "waiting-\(index)",
                    .queued(
                        queue: "queue-\(index % 100)", channel: index % 2 == 0 ? .voice : .email,
                        caller: "+6140000\(index)"))))
    }
    backlog.apply(waiting, wallNow: Script.origin)
    try measure("100,000 open contacts in 100 queues", backlog)
default:
    print("unknown mode \(arguments[1])")
    exit(2)
}
