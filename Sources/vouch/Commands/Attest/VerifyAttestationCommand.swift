import ArgumentParser
import Foundation
import VouchAttest
import VouchCore
import VouchCrypto
import VouchImage
import VouchJSON
import VouchOCI
import VouchSigstore

/// `vouch verify attestation --envelope FILE …|--bundle FILE …|REF|oci:LAYOUT|dir:PATH`: DSSE-wrapped in-toto
/// attestations checked against keys, the artifact (or image), the predicate type and (for SLSA provenance) builder
/// and source requirements.
struct VerifyAttestationCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "attestation",
            abstract: "Verify in-toto attestations: DSSE envelopes, .intoto.jsonl files and Sigstore bundles.",
            discussion: """
                Every attestation given must verify. Envelopes (and each line of a .intoto.jsonl file) need \
                signatures over the DSSE PAE by at least --threshold distinct --key; Sigstore bundles with DSSE \
                content are verified as `vouch verify bundle` does (one --key, or --certificate-identity and \
                --certificate-oidc-issuer with a trusted root). Then each statement needs a subject carrying the \
                artifact's digest, the \
                predicate type asked for, and the provenance requirements. --type takes a URI or one of \
                slsaprovenance, slsaprovenance02, slsaprovenance1, vsa, spdx, spdxjson, cyclonedx, link, vuln, \
                openvex, custom, cosign-sign.

                With an image (REF, oci:LAYOUT[:tag|@digest] or dir:PATH) instead of files, the attestations \
                attached to it are found and judged: cosign .att layers and DSSE Sigstore bundle referrers \
                (verified with one --key or the identity flags, transparency log and timestamps as for `vouch \
                verify image`, the image's digest being the statement's subject), and BuildKit attestation \
                manifests of the index (with --platform; unsigned, so accepted only with \
                --allow-unsigned-buildkit). Each attestation is listed with its predicate type, signer and checks; \
                attestations of another type than --type are listed as not-requested (as cosign's --type filter \
                skips them) and never satisfy it. As for `vouch verify image`: --ca-roots/--ca-intermediates verify \
                certificates of a private PKI, --signature-repository reads the attachments from another \
                repository, a layout or dir: image has every blob checked unless --skip-blob-check, a registry \
                image with --check-blobs. Exit 0 when an attestation of the requested type verified, 1 when none \
                did (image.attestation.not-verified, or image.attestation.none when nothing is attached) or the \
                image's content contradicts its digests (image.verdict.invalid), 2 when the image or its \
                attachments could not be read.
                """
        )
    }

    @Argument(help: "An image: a registry reference, oci:LAYOUT[:tag|@digest] or dir:PATH.")
    var image: String?

    @Option(name: .long, help: "A DSSE envelope file or a .intoto.jsonl file (repeatable).")
    var envelope: [String] = []

    @Option(name: .long, help: "A Sigstore bundle with DSSE content (repeatable).")
    var bundle: [String] = []

    @Option(name: .long, help: "The artifact's digest, sha256:HEX (or sha384/sha512).")
    var digest: String?

    @Option(name: .long, help: "The artifact file (its SHA-256 is matched against the subjects).")
    var artifact: String?

    @Option(name: .long, help: "Predicate type: a URI or a short name.")
    var type: String

    @Option(name: .long, help: "A trusted public key, PEM or DER (repeatable).")
    var key: [String] = []

    @Option(name: .long, help: "Distinct trusted keys that must have signed.")
    var threshold: Int = 1

    @Option(name: .long, help: "Required builder id: NAME, NAME@refs/tags/vX or NAME@vX.")
    var builderID: String?

    @Option(name: .long, help: "Required source repository, e.g. github.com/org/repo.")
    var sourceURI: String?

    @Option(name: .long, help: "Required source tag.")
    var sourceTag: String?

    @Option(name: .long, help: "Required source branch.")
    var sourceBranch: String?

    @Flag(name: .long, help: "Print each verified statement.")
    var printStatement = false

    @OptionGroup var sigstore: SigstoreOptions

    @OptionGroup var certificateAuthority: CertificateAuthorityOptions

    @OptionGroup var platformOption: PlatformOption

    @Flag(help: "Accept BuildKit's unsigned attestations (images only); recorded in the output.")
    var allowUnsignedBuildkit = false

    @OptionGroup var source: ImageSourceOptions

    @Flag(
        name: .customLong("insecure-ignore-tlog"),
        help: "UNSAFE: neither require nor check transparency log entries (images only); recorded in the output.")
    var ignoreTransparencyLog = false

    @OptionGroup var registry: RegistryOptions

    @OptionGroup var options: GlobalOptions

    func validate() throws {
        if let image {
            guard envelope.isEmpty, bundle.isEmpty, digest == nil, artifact == nil else {
                throw ValidationError("an image is its own artifact: --envelope, --bundle, --digest and --artifact do not apply")
            }
            if key.count > 1 { throw ValidationError("image attestations are verified with one --key or an identity") }
            try sigstore.validate(key: key.first)
            try certificateAuthority.validate(keys: key)
            try source.validate(image: image)
            return
        }
        if platformOption.text != nil || allowUnsignedBuildkit || ignoreTransparencyLog || certificateAuthority.isSet
            || source.isSet
        {
            throw ValidationError(
                "--platform, --allow-unsigned-buildkit, --insecure-ignore-tlog, --ca-roots, --ca-intermediates, "
                    + "--signature-repository, --offline, --skip-blob-check and --check-blobs apply to images")
        }
        if envelope.isEmpty && bundle.isEmpty {
            throw ValidationError("give at least one --envelope or --bundle (image references come with the image verifier)")
        }
        if (digest == nil) == (artifact == nil) { throw ValidationError("give exactly one of --digest or --artifact") }
        if !envelope.isEmpty {
            if key.isEmpty { throw ValidationError("envelopes need at least one --key") }
            if threshold < 1 || threshold > key.count {
                throw ValidationError("--threshold must be between 1 and the number of keys (\(key.count))")
            }
        }
        if !bundle.isEmpty {
            if key.count > 1 { throw ValidationError("a Sigstore bundle is verified with one --key or an identity") }
            try sigstore.validate(key: key.first)
        }
    }

    func run() async throws {
        if let image {
            try await verifyImage(image)
            return
        }
        try await report("verify attestation", options: options) { () throws(FindingError) -> Report in
            let limits = Limits.default
            let keys = try key.map { (path) throws(FindingError) in
                DSSEKey(try PublicKey.load(try LocalFile.read(path, maxBytes: limits.maxCryptoInputBytes), input: path))
            }
            let digests: [Digest]
            if let digest {
                digests = [try Digest(parsing: digest, input: "--digest")]
            } else {
                digests = try FileDigester.digest(ofFileAt: artifact!, algorithms: [.sha256, .sha512])
            }
            let verifier = AttestationVerifier(
                dsse: DSSEVerifier(keys: keys, threshold: threshold),
                policy: AttestationPolicy(
                    predicateType: try PredicateTypeMatcher(type),
                    artifactDigests: digests,
                    provenance: ProvenancePolicy(
                        builderID: builderID, sourceURI: sourceURI, sourceTag: sourceTag, sourceBranch: sourceBranch)))

            var envelopes: [EnvelopeFile.Entry] = []
            for path in envelope { envelopes += try EnvelopeFile.read(path, limits: limits) }
            // Envelopes are independent: parse and verify them on every core, report them in the order given.
            var outcomes = await envelopes.concurrentMap { entry -> (String, Outcome<VerifiedAttestation>) in
                do throws(FindingError) {
                    return (entry.input, verifier.verify(try DSSEEnvelope.parse(entry.bytes, input: entry.input, limits: limits)))
                } catch {
                    return (entry.input, .failed(error.findings))
                }
            }
            if !bundle.isEmpty {
                let sigstoreVerifier = SigstoreVerifier(
                    trustedRoot: try sigstore.loadTrustedRoot(limits: limits), limits: limits,
                    now: try options.verificationTime())
                let policy = try sigstore.policy(key: key.first, limits: limits)
                let subject: Artifact = digest != nil ? .digest(digests[0]) : .file(path: artifact!)
                outcomes += await bundle.concurrentMap { path -> (String, Outcome<VerifiedAttestation>) in
                    (path, Self.verify(bundle: path, subject: subject, sigstore: sigstoreVerifier, policy: policy,
                                       attestations: verifier, limits: limits))
                }
            }

            var report = Report(command: "verify attestation", exitCode: .verified)
            var results: [JSONNode] = []
            for (input, outcome) in outcomes {
                report.findings += outcome.findings
                results.append(Self.describe(input, outcome))
                switch outcome {
                case .verified(let attestation, _):
                    let signers = attestation.envelope.acceptedKeyIDs.map(\.description).joined(separator: ", ")
                    report.lines.append("Verified \(input): \(attestation.statement.predicateType), signed by \(signers)")
                    if printStatement {
                        report.lines.append(String(decoding: attestation.envelope.payload, as: UTF8.self))
                    }
                case .failed:
                    report.exitCode = .failed
                    report.lines.append("FAILED \(input)")
                }
            }
            report.result = ["attestations": JSONNode(.array(results))]
            return report
        }
    }

    /// The attestations attached to an image.
    private func verifyImage(_ image: String) async throws {
        let report: Report
        do throws(FindingError) {
            let limits = Limits.default
            let store = try source.store(image, registry: registry, limits: limits)
            let policy = try certificateAuthority.policy(keys: key, sigstore: sigstore, limits: limits)
            let root = try certificateAuthority.trustedRoot(keys: key, sigstore: sigstore, limits: limits)
            let verifier = ImageAttestationVerifier(
                images: ImageVerifier(
                    policy: policy, trustedRoot: root,
                    options: ImageVerificationOptions(
                        platform: platformOption.platform, checkContent: source.checkContent,
                        unsafe: UnsafeVerificationOptions(ignoreTransparencyLog: ignoreTransparencyLog),
                        time: try options.verificationTime(), limits: limits)),
                policy: AttestationPolicy(
                    predicateType: try PredicateTypeMatcher(type), artifactDigests: [],
                    provenance: ProvenancePolicy(
                        builderID: builderID, sourceURI: sourceURI, sourceTag: sourceTag, sourceBranch: sourceBranch),
                    artifactIsImage: true),
                allowUnsignedBuildKit: allowUnsignedBuildkit)
            let result = try await verifier.verify(store)
            var lines = result.lines
            if printStatement {
                for attestation in result.attestations where attestation.satisfies {
                    if let statement = attestation.statement { lines.append(String(decoding: statement, as: UTF8.self)) }
                }
            }
            let exitCode: VouchExitCode =
                switch result.verdict {
                case .verified: .verified
                case .none, .notVerified, .invalid: .failed
                case .unknown: .couldNotVerify
                }
            report = Report(
                command: "verify attestation", exitCode: exitCode, lines: lines, findings: result.findings,
                result: result.json)
        } catch {
            report = OCIExit.report("verify attestation", error)
        }
        try Console.emit(report, options: options)
    }

    /// A Sigstore bundle whose content is a DSSE attestation: the bundle verified as `verify bundle` does (signature
    /// over the PAE, log entry, certificate and identity at the verified times), then the statement checks.
    static func verify(
        bundle path: String, subject: Artifact, sigstore: SigstoreVerifier, policy: VerificationPolicy,
        attestations: AttestationVerifier, limits: Limits
    ) -> Outcome<VerifiedAttestation> {
        do throws(FindingError) {
            let bundle = try UnverifiedBundle.load(path: path, limits: limits)
            guard case .dsseEnvelope(let envelope) = bundle.content else {
                return .failed([Finding(
                    .dssePayloadTypeUnsupported, "the bundle signs a message, not a DSSE attestation", input: path,
                    pointer: ["messageSignature"])])
            }
            switch try sigstore.verify(bundle, artifact: subject, policy: policy) {
            case .failed(let findings):
                return .failed(findings)
            case .verified(let verified, let notes):
                let signer: [Digest] =
                    switch verified.signer {
                    case .publicKey(let keyID): [keyID]
                    case .certificate(let certificate): [certificate.fingerprint]
                    }
                let outcome = attestations.verifyStatement(
                    of: VerifiedDSSEEnvelope(verifiedElsewhere: envelope, signerKeyIDs: signer))
                switch outcome {
                case .verified(let value, let more): return .verified(value, notes: notes + more)
                case .failed(let findings): return .failed(notes.filter { $0.severity == .error } + findings)
                }
            }
        } catch {
            return .failed(error.findings)
        }
    }

    static func describe(_ input: String, _ outcome: Outcome<VerifiedAttestation>) -> JSONNode {
        var object: JSONObject = ["input": JSONNode(.string(input)), "verified": JSONNode(.bool(outcome.isVerified))]
        if let attestation = outcome.value {
            object["predicateType"] = JSONNode(.string(attestation.statement.predicateType))
            object["signers"] = JSONNode(.array(attestation.envelope.acceptedKeyIDs.map { JSONNode(.string($0.description)) }))
            object["subjects"] = JSONNode(.array(attestation.statement.subjects.map { JSONNode(.string($0.name)) }))
            if let provenance = attestation.provenance {
                object["builderID"] = JSONNode(.string(provenance.builderID))
                if let source = provenance.sourceURI { object["sourceURI"] = JSONNode(.string(source)) }
                if let ref = provenance.sourceRef { object["sourceRef"] = JSONNode(.string(ref)) }
            }
        }
        return JSONNode(.object(object))
    }
}

/// Envelope files: one JSON envelope, or `.intoto.jsonl` with one envelope per line.
enum EnvelopeFile {
    /// One envelope's bytes and the name findings give it (`file`, or `file:line` for JSON Lines).
    struct Entry: Sendable {
        let input: String
        let bytes: Data
    }

    /// Splits a file into envelopes without parsing them, so that parsing can run in parallel.
    static func read(_ path: String, limits: Limits) throws(FindingError) -> [Entry] {
        let data = try LocalFile.read(path, maxBytes: limits.maxJSONBytes)
        // Line ranges, found with a plain byte scan (Data.split is generic and slow on large files).
        var lines: [(number: Int, range: Range<Int>)] = []
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            let bytes = buffer.bindMemory(to: UInt8.self)
            var start = 0
            var number = 1
            while start <= bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                var first = start
                while first < end, bytes[first] == 0x20 || bytes[first] == 0x09 || bytes[first] == 0x0D { first += 1 }
                if first < end { lines.append((number, first..<end)) }
                start = end + 1
                number += 1
            }
        }
        let isJSONLines =
            path.hasSuffix(".jsonl") || lines.count > 1 && lines.allSatisfy { data[data.startIndex + $0.range.lowerBound] == UInt8(ascii: "{") }
        guard isJSONLines else { return [Entry(input: path, bytes: data)] }
        guard !lines.isEmpty else {
            throw FindingError(.dsseMalformed, "the file holds no envelopes", input: path)
        }
        return lines.map { line in
            Entry(input: "\(path):\(line.number)", bytes: data.subdata(in: data.startIndex + line.range.lowerBound ..< data.startIndex + line.range.upperBound))
        }
    }
}
