// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "floorwatch",
    products: [
        .library(name: "FloorCore", targets: ["FloorCore"]),
        .library(name: "FloorProtocol", targets: ["FloorProtocol"]),
        // The query API's routes and documents (the daemon serves them, the client reads them).
        .library(name: "FloorQueryAPI", targets: ["FloorQueryAPI"]),
        // For the Benchmarks package (the recommender's evaluation).
        .library(name: "FloorStaffing", targets: ["FloorStaffing"]),
        // Arrival forecasts and queue projections for the next minutes (the daemon feeds them).
        .library(name: "FloorForecast", targets: ["FloorForecast"]),
        // Workload generators shared by the tests and the Benchmarks package.
        .library(name: "FloorTestSupport", targets: ["FloorTestSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-atomics.git", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-numerics.git", from: "1.1.1"),
    ],
    targets: [
        .target(
            name: "FloorCore",
            dependencies: [.product(name: "Atomics", package: "swift-atomics")]
        ),
        .target(name: "FloorProtocol", dependencies: ["FloorCore"]),
        // Alert rules, their evaluation and the board: pure, time passed in (docs/adr/0005).
        .target(
            name: "FloorAlerting",
            dependencies: ["FloorCore", .product(name: "Atomics", package: "swift-atomics")]
        ),
        .testTarget(name: "FloorAlertingTests", dependencies: ["FloorAlerting", "FloorCore", "FloorTestSupport"]),
        .target(
            name: "FloorQueryAPI",
            dependencies: ["FloorCore", "FloorProtocol", "FloorAlerting", "FloorStaffing", "FloorForecast"]
        ),
        .target(
            name: "FloorStaffing",
            dependencies: [
                "FloorCore", .product(name: "RealModule", package: "swift-numerics"),
                .product(name: "Atomics", package: "swift-atomics"),
            ]
        ),
        // Intraday arrival forecasts, queue projections and predicted breaches: pure, time passed in.
        .target(
            name: "FloorForecast",
            dependencies: [
                "FloorCore", "FloorStaffing", .product(name: "RealModule", package: "swift-numerics"),
                .product(name: "Atomics", package: "swift-atomics"),
            ]
        ),
        .testTarget(
            name: "FloorForecastTests",
            dependencies: ["FloorForecast", "FloorStaffing", "FloorCore", "FloorSimulation", "FloorTestSupport"]
        ),
        .target(
            name: "FloorSimulation",
            dependencies: ["FloorCore", .product(name: "RealModule", package: "swift-numerics")]
        ),
        .target(
            name: "FloorDashboard",
            dependencies: [
                "FloorCore", "FloorProtocol", "FloorAlerting", "FloorQueryAPI", "FloorStaffing", "FloorForecast",
            ]
        ),
        .testTarget(
            name: "FloorDashboardTests",
            dependencies: [
                "FloorDashboard", "FloorCore", "FloorProtocol", "FloorQueryAPI", "FloorAlerting", "FloorStaffing",
                "FloorSimulation", "FloorTestSupport", "FloorForecast",
            ]
        ),
        .testTarget(name: "FloorSimulationTests", dependencies: ["FloorSimulation", "FloorCore", "FloorProtocol"]),
        .testTarget(
            name: "FloorStaffingTests",
            dependencies: ["FloorStaffing", "FloorCore", "FloorSimulation", "FloorTestSupport"]
        ),
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        .target(
            name: "SystemdSupport",
            dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "FloorDaemon",
            dependencies: [
                "FloorCore", "FloorProtocol", "FloorQueryAPI", "FloorAlerting", "FloorStaffing", "FloorForecast",
                "SystemdSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Atomics", package: "swift-atomics"),
            ]
        ),
        .executableTarget(
            name: "floorwatchd",
            dependencies: [
                "FloorDaemon", "SystemdSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "FloorTestSupport",
            dependencies: ["FloorCore", "FloorSimulation", "FloorAlerting", "FloorStaffing", "FloorForecast"],
            path: "Tests/FloorTestSupport"
        ),
        .testTarget(name: "FloorCoreTests", dependencies: ["FloorCore", "FloorTestSupport"]),
        .executableTarget(
            name: "floorwatch",
            dependencies: [
                "FloorCore", "FloorProtocol", "FloorQueryAPI", "FloorAlerting", "FloorStaffing", "FloorForecast",
                "FloorSimulation", "FloorDashboard",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "FloorDaemonTests",
            dependencies: [
                "FloorDaemon", "FloorCore", "FloorProtocol", "FloorQueryAPI", "FloorAlerting", "FloorSimulation",
                "FloorStaffing", "FloorForecast", "FloorTestSupport", "SystemdSupport",
            ]
        ),
        .testTarget(
            name: "FloorProtocolTests",
            dependencies: ["FloorProtocol", "FloorCore", "FloorTestSupport"]
        ),
        .testTarget(
            name: "FloorQueryAPITests",
            dependencies: [
                "FloorQueryAPI", "FloorProtocol", "FloorCore", "FloorAlerting", "FloorStaffing", "FloorForecast",
                "FloorSimulation",
                "FloorTestSupport",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Every target gets the same strictness (swift-log / swift-metrics manifest hygiene).
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableExperimentalFeature("StrictConcurrency=complete"))
    target.swiftSettings = settings
}

// The engine's window rings are class-owned arrays touched several times per event; dynamic
// exclusivity checks on them cost a third of the apply path (perf, docs/performance.md). The single
// writer owns them, and debug builds and tests keep the checks.
for target in package.targets where ["FloorCore", "FloorProtocol"].contains(target.name) {
    target.swiftSettings?.append(.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)))
}

// The ThreadSanitizer stage of scripts/test.sh builds only the lock-free core and its tests, so it
// does not rebuild NIO and the daemon in release mode with TSan (minutes on two cores).
if Context.environment["FLOORWATCH_CORE_ONLY"] == "1" {
    let core: Set<String> = ["FloorCore", "FloorProtocol", "FloorTestSupport", "FloorCoreTests", "FloorProtocolTests"]
    package.targets.removeAll { !core.contains($0.name) }
    // The simulated outage needs the simulator, alerting and staffing, which are not built here.
    for target in package.targets where target.name == "FloorTestSupport" {
        target.dependencies = ["FloorCore"]
        target.exclude = ["SimulatedOutage.swift"]
    }
    package.products.removeAll { !core.contains($0.name) }
    package.dependencies = [.package(url: "https://github.com/apple/swift-atomics.git", from: "1.3.0")]
}
