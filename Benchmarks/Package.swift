// swift-tools-version:6.1
// Benchmarks live in their own package so the main build never pays for their dependencies.
import PackageDescription

let package = Package(
    name: "floorwatch-benchmarks",
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "FloorBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "FloorCore", package: "main"),
                .product(name: "FloorProtocol", package: "main"),
                .product(name: "FloorQueryAPI", package: "main"),
                .product(name: "FloorStaffing", package: "main"),
                .product(name: "FloorTestSupport", package: "main"),
            ],
            path: "Benchmarks/FloorBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "rates",
            dependencies: [
                .product(name: "FloorCore", package: "main"),
                .product(name: "FloorProtocol", package: "main"),
                .product(name: "FloorTestSupport", package: "main"),
                .product(name: "FloorForecast", package: "main"),
            ],
            path: "Sources/rates"
        ),
    ],
    swiftLanguageModes: [.v6]
)
