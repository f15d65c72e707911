// swift-tools-version:6.0
// libFuzzer targets for the decoders, in their own package so the main build never pays for them.
// FloorCore and FloorProtocol are compiled here from symlinked sources: SwiftPM instruments only
// the root package for coverage, and a fuzzer without coverage is blind.
// Built and run by scripts/fuzz.sh (it adds the coverage flags libFuzzer needs):
//   swift build -c release --sanitize=fuzzer --sanitize=address \
//       -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
//   .build/release/FuzzNative -max_total_time=60 corpus/native
// The configuration target compiles the daemon's configuration reader from symlinks (it needs no
// networking), with the alerting and staffing modules it names.
import PackageDescription

let package = Package(
    name: "floorwatch-fuzz",
    dependencies: [
        .package(url: "https://github.com/apple/swift-atomics.git", from: "1.3.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-numerics.git", from: "1.1.1"),
    ],
    targets: [
        .target(name: "FloorCore", dependencies: [.product(name: "Atomics", package: "swift-atomics")]),
        .target(name: "FloorProtocol", dependencies: ["FloorCore"]),
        .target(name: "FuzzSupport", dependencies: ["FloorCore"]),
        .executableTarget(name: "FuzzNative", dependencies: ["FloorProtocol", "FloorCore"]),
        .executableTarget(name: "FuzzQueueLog", dependencies: ["FloorProtocol", "FloorCore", "FuzzSupport"]),
        .executableTarget(name: "FuzzConnectAgent", dependencies: ["FloorProtocol", "FloorCore", "FuzzSupport"]),
        .executableTarget(name: "FuzzConnectContact", dependencies: ["FloorProtocol", "FloorCore", "FuzzSupport"]),
        .executableTarget(name: "FuzzAMI", dependencies: ["FloorProtocol", "FloorCore", "FuzzSupport"]),
        // The query API's request side only (routes, query strings, write bodies), from symlinks:
        // the rest of FloorQueryAPI needs the alerting and staffing modules.
        .target(name: "FloorQueryRequests", dependencies: ["FloorProtocol", "FloorCore"]),
        .executableTarget(name: "FuzzQueryRequest", dependencies: ["FloorQueryRequests", "FloorProtocol", "FloorCore"]),
        .target(name: "FloorAlerting", dependencies: ["FloorCore", .product(name: "Atomics", package: "swift-atomics")]),
        .target(
            name: "FloorStaffing",
            dependencies: [
                "FloorCore", .product(name: "RealModule", package: "swift-numerics"),
                .product(name: "Atomics", package: "swift-atomics"),
            ]
        ),
        .target(
            name: "FloorConfiguration",
            dependencies: [
                "FloorCore", "FloorAlerting", "FloorStaffing", .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .executableTarget(name: "FuzzConfiguration", dependencies: ["FloorConfiguration"]),
    ],
    swiftLanguageModes: [.v6]
)
