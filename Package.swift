// swift-tools-version:6.0
// Vouch: offline, fail-closed verification of what is about to be promoted.
import PackageDescription

let package = Package(
    name: "Vouch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vouch", targets: ["vouch"]),
        .library(name: "VouchCore", targets: ["VouchCore"]),
        .library(name: "VouchJSON", targets: ["VouchJSON"]),
        .library(name: "VouchCrypto", targets: ["VouchCrypto"]),
        .library(name: "VouchNet", targets: ["VouchNet"]),
        .library(name: "VouchOCI", targets: ["VouchOCI"]),
        .library(name: "VouchSigstore", targets: ["VouchSigstore"]),
        .library(name: "VouchAttest", targets: ["VouchAttest"]),
        .library(name: "VouchImage", targets: ["VouchImage"]),
        .executable(name: "FuzzJSON", targets: ["FuzzJSON"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // The C edge. Each system library is reached by exactly one Swift module (see docs/architecture.md).
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CJansson",
            pkgConfig: "jansson",
            providers: [.apt(["libjansson-dev"])]
        ),
        // Only what Swift cannot import: variadic functions and function-like macros.
        .target(name: "CVouchShims", dependencies: ["COpenSSL", "CCurl", "CJansson"]),

        // Vocabulary every other module speaks. No C, no network.
        .target(name: "VouchCore"),
        .target(name: "VouchJSON", dependencies: ["VouchCore", "CVouchShims", "CJansson"]),
        .target(name: "VouchCrypto", dependencies: ["VouchCore", "CVouchShims", "COpenSSL"]),
        .target(name: "VouchNet", dependencies: ["VouchCore", "CVouchShims", "CCurl"]),

        // Domain modules: bytes arrive through a Fetcher; none of them imports VouchNet.
        .target(name: "VouchOCI", dependencies: ["VouchCore", "VouchJSON", "VouchCrypto"]),
                // Formats of what is attested: DSSE, in-toto statements, SLSA provenance and VSA, SBOM predicates.
        .target(name: "VouchAttest", dependencies: ["VouchCore", "VouchJSON", "VouchCrypto"]),
        .target(name: "VouchSigstore", dependencies: ["VouchCore", "VouchJSON", "VouchCrypto", "VouchAttest"]),
        // Images: cosign signatures and attestations found in registries and layouts, judged by VouchSigstore.
        .target(
            name: "VouchImage",
            dependencies: ["VouchCore", "VouchJSON", "VouchCrypto", "VouchOCI", "VouchSigstore", "VouchAttest"]
        ),

        .executableTarget(
            name: "vouch",
            dependencies: [
                "VouchCore", "VouchJSON", "VouchCrypto", "VouchNet", "VouchOCI", "VouchSigstore", "VouchAttest", "VouchImage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer entry point: `swift build --product FuzzJSON --sanitize=fuzzer --sanitize=address`.
        .executableTarget(name: "FuzzJSON", dependencies: ["VouchJSON"]),

        // Test utilities shared by the test targets (fixture paths, external suites, running the binary).
        .target(name: "VouchTestSupport", dependencies: ["VouchCore"], path: "Tests/VouchTestSupport"),
        .testTarget(name: "VouchCoreTests", dependencies: ["VouchCore", "VouchTestSupport"]),
        .testTarget(name: "VouchJSONTests", dependencies: ["VouchJSON", "VouchTestSupport"]),
        .testTarget(name: "VouchCryptoTests", dependencies: ["VouchCrypto", "VouchJSON", "VouchTestSupport"]),
        .testTarget(name: "VouchNetTests", dependencies: ["VouchNet", "VouchTestSupport"]),
        .testTarget(
            name: "VouchOCITests",
            dependencies: ["VouchOCI", "VouchNet", "VouchJSON", "VouchCrypto", "VouchTestSupport"]
        ),
        .testTarget(
            name: "VouchSigstoreTests",
            dependencies: ["VouchSigstore", "VouchAttest", "VouchJSON", "VouchCrypto", "VouchTestSupport"]
        ),
        .testTarget(
            name: "VouchAttestTests",
            dependencies: ["VouchAttest", "VouchJSON", "VouchCrypto", "VouchTestSupport"]
        ),
        .testTarget(
            name: "VouchImageTests",
            dependencies: [
                "VouchImage", "VouchOCI", "VouchSigstore", "VouchAttest", "VouchNet", "VouchJSON", "VouchCrypto",
                "VouchTestSupport",
            ]
        ),
        .testTarget(name: "VouchCLITests", dependencies: ["VouchCore", "VouchTestSupport"]),
    ]
)
