import ArgumentParser
import Foundation
import VouchCore
import VouchCrypto
import VouchJSON
import VouchSigstore

/// `vouch verify blob FILE --key PUB --signature SIG`: key-based blob verification as in `cosign verify-blob --key`;
/// `vouch verify blob FILE --bundle B …`: a Sigstore bundle, as in `cosign verify-blob --bundle` (the same check as
/// `vouch verify bundle`).
struct VerifyBlobCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "blob",
            abstract: "Verify a signature over a file with a public key, or a Sigstore bundle for it.",
            discussion: """
                With --signature: the signature file holds base64 (as cosign writes it) or raw bytes. The algorithm \
                follows the key: ECDSA P-256/P-384/P-521 with SHA-256/384/512 (DER signatures; raw r||s is accepted \
                too), Ed25519, RSA PKCS#1 v1.5 with SHA-256, or RSA-PSS with --rsa-pss. --hash overrides the digest \
                for ECDSA and RSA.
                With --bundle: the Sigstore bundle is verified offline against --trusted-root, by certificate \
                identity (--certificate-identity[-regexp] and --certificate-oidc-issuer[-regexp]) or by --key, \
                exactly as `vouch verify bundle` does.
                """
        )
    }

    @Argument(help: "The file that was signed ('-' for standard input).")
    var file: String

    @Option(name: .long, help: "PEM or DER SubjectPublicKeyInfo of the signer.")
    var key: String?

    @Option(name: .long, help: "Signature file (base64 or raw).")
    var signature: String?

    @Option(name: .long, help: "A Sigstore bundle to verify instead of a detached signature.")
    var bundle: String?

    @OptionGroup var sigstore: SigstoreOptions

    @Option(name: .long, help: "Digest for ECDSA and RSA: sha256, sha384 or sha512.")
    var hash: DigestAlgorithm?

    @Flag(
        name: .long, help: "The RSA signature uses PSS padding (salt length = digest length, or any with verification)."
    )
    var rsaPSS = false

    @OptionGroup var options: GlobalOptions

    func validate() throws {
        if hash == .sha1 { throw ValidationError("sha1 is not accepted for signatures") }
        if bundle != nil {
            guard signature == nil, hash == nil, !rsaPSS else {
                throw ValidationError(
                    "--bundle carries its own signature: --signature, --hash and --rsa-pss do not apply")
            }
            try sigstore.validate(key: key)
            return
        }
        guard key != nil, signature != nil else {
            throw ValidationError("give --key and --signature, or --bundle")
        }
        guard !sigstore.hasIdentityFlags, sigstore.trustedRoot == nil else {
            throw ValidationError("certificate identity and --trusted-root apply to --bundle only")
        }
    }

    func run() async throws {
        if let bundle {
            try await report("verify blob", options: options) { () throws(FindingError) -> Report in
                let limits = Limits.default
                return try BundleVerification.run(
                    command: "verify blob", artifact: file, bundlePath: bundle,
                    policy: try sigstore.policy(key: key, limits: limits),
                    trustedRoot: try sigstore.loadTrustedRoot(limits: limits), limits: limits,
                    now: try options.verificationTime())
            }
        }
        guard let key, let signature else { throw ValidationError("give --key and --signature, or --bundle") }
        try await report("verify blob", options: options) { () throws(FindingError) -> Report in
            let limits = Limits.default
            let publicKey = try PublicKey.load(
                try LocalFile.read(key, maxBytes: limits.maxCryptoInputBytes), input: key)
            let signatureBytes = SignatureFile.decode(
                try LocalFile.read(signature, maxBytes: limits.maxCryptoInputBytes))
            let message = try LocalFile.read(file, maxBytes: limits.maxArtifactBytes)
            let algorithm = try chooseAlgorithm(for: publicKey)

            var valid = try publicKey.isValidSignature(signatureBytes, for: message, using: algorithm)
            if !valid, case .ecdsa(let digest, .der) = algorithm,
                signatureBytes.count == 2 * publicKey.kind.fieldByteCount
            {
                // cosign and sigstore-go accept only DER; a raw r||s of exactly the right length is tried as well.
                valid = try publicKey.isValidSignature(
                    signatureBytes, for: message, using: .ecdsa(digest, encoding: .raw))
            }

            var report = Report(command: "verify blob", exitCode: valid ? .verified : .failed)
            report.result = [
                "input": JSONNode(.string(file)),
                "verified": JSONNode(.bool(valid)),
                "algorithm": JSONNode(.string(algorithm.description)),
                "keyID": JSONNode(.string(publicKey.keyID.description)),
            ]
            if valid {
                report.lines.append("Verified OK: \(file) (\(algorithm), key \(publicKey.keyID))")
            } else {
                report.lines.append("Verification FAILED: \(file)")
                report.findings.append(
                    Finding(
                        .signatureInvalid,
                        "the signature does not verify with the given key",
                        input: signature,
                        details: [
                            "algorithm": algorithm.description, "keyID": publicKey.keyID.description, "artifact": file,
                        ]
                    ))
            }
            return report
        }
    }

    /// The algorithm is chosen from the key and the flags the user gave, never from the signature.
    private func chooseAlgorithm(for publicKey: PublicKey) throws(FindingError) -> SignatureAlgorithm {
        switch publicKey.kind {
        case .ecP256: return .ecdsa(hash ?? .sha256, encoding: .der)
        case .ecP384: return .ecdsa(hash ?? .sha384, encoding: .der)
        case .ecP521: return .ecdsa(hash ?? .sha512, encoding: .der)
        case .ed25519:
            if hash != nil || rsaPSS {
                throw FindingError(
                    .cryptoAlgorithmMismatch, "Ed25519 keys take neither --hash nor --rsa-pss", input: key ?? "--key")
            }
            return .ed25519
        case .rsa:
            return rsaPSS ? .rsaPSS(hash ?? .sha256, saltLength: .auto) : .rsaPKCS1v15(hash ?? .sha256)
        }
    }
}

/// cosign writes signatures base64-encoded; other tools write raw bytes. Text that is entirely base64 is decoded.
enum SignatureFile {
    static func decode(_ data: Data) -> [UInt8] {
        if let text = String(data: data, encoding: .utf8) {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty, let decoded = Base64.decode(trimmed) { return decoded }
        }
        return Array(data)
    }
}

extension FindingCode {
    /// A signature does not verify with the given key.
    static let signatureInvalid = FindingCode("signature.invalid")
}

extension KeyKind {
    /// Bytes in one ECDSA signature component (r or s); 0 for other kinds.
    var fieldByteCount: Int {
        switch self {
        case .ecP256: 32
        case .ecP384: 48
        case .ecP521: 66
        default: 0
        }
    }
}
