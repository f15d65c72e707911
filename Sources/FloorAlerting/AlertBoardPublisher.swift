import Atomics
import FloorCore

/// Readers load the alert board as they load snapshots: swapped in whole by an atomic reference.
public typealias AlertBoardPublisher = Publisher<AlertBoard>

extension AlertBoard: AtomicReference {}
