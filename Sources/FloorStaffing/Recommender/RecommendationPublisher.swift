import Atomics
import FloorCore

/// Readers load the recommendation board as they load snapshots: swapped in whole by an atomic
/// reference.
public typealias RecommendationPublisher = Publisher<RecommendationBoard>

extension RecommendationBoard: AtomicReference {}
