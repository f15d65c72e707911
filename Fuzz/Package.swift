// swift-tools-version:6.0
// libFuzzer targets for the decoders, in their own package so the main build never pays for them.
// FloorCore and FloorProtocol are compiled here from symlinked sources: SwiftPM instruments only
// the root package for coverage, and a fuzzer without coverage is blind.
//   swift build -c release --sanitize=fuzzer --sanitize=address --product FuzzNative
//   .build/release/FuzzNative -max_total_time=60 corpus/native
import PackageDescription

let package = Package(
    name: "floorwatch-fuzz",
    dependencies: [.package(url: "https://github.com/apple/swift-atomics.git", from: "1.3.0")],
    targets: [
        .target(name: "FloorCore", dependencies: [.product(name: "Atomics", package: "swift-atomics")]),
        .target(name: "FloorProtocol", dependencies: ["FloorCore"]),
        .executableTarget(name: "FuzzNative", dependencies: ["FloorProtocol", "FloorCore"]),
        .executableTarget(name: "FuzzQueueLog", dependencies: ["FloorProtocol", "FloorCore"]),
    ],
    swiftLanguageModes: [.v6]
)
