// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "floorwatch",
    products: [
        .library(name: "FloorCore", targets: ["FloorCore"]),
        .library(name: "FloorProtocol", targets: ["FloorProtocol"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-atomics.git", from: "1.3.0")
    ],
    targets: [
        .target(
            name: "FloorCore",
            dependencies: [.product(name: "Atomics", package: "swift-atomics")]
        ),
        .target(name: "FloorProtocol", dependencies: ["FloorCore"]),
        .target(name: "FloorTestSupport", dependencies: ["FloorCore"], path: "Tests/FloorTestSupport"),
        .testTarget(name: "FloorCoreTests", dependencies: ["FloorCore", "FloorTestSupport"]),
        .testTarget(
            name: "FloorProtocolTests",
            dependencies: ["FloorProtocol", "FloorCore", "FloorTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Every target gets the same strictness (swift-log / swift-metrics manifest hygiene).
for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableExperimentalFeature("StrictConcurrency=complete"))
    target.swiftSettings = settings
}
