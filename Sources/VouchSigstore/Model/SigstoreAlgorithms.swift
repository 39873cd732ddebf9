import VouchCore
import VouchCrypto

/// The signature algorithm Sigstore uses for a key, chosen from the key itself and, where the key allows several,
/// the `PublicKeyDetails` name (`PKIX_ECDSA_P256_SHA_256`, `PKIX_RSA_PSS_2048_SHA256`, `PKCS1_RSA_PKCS1V5`, …).
/// The signature never chooses.
enum SigstoreAlgorithms {
    static func algorithm(
        for key: PublicKey, keyDetails: String? = nil, preferredHash: DigestAlgorithm? = nil
    )
        -> SignatureAlgorithm
    {
        let details = Array((keyDetails ?? "").utf8)
        func mentions(_ word: StaticString) -> Bool {
            let needle = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            guard details.count >= needle.count else { return false }
            return (0...(details.count - needle.count)).contains { start in
                needle.indices.allSatisfy { details[start + $0] == needle[$0] }
            }
        }
        let named: DigestAlgorithm? =
            mentions("SHA_512") || mentions("SHA512")
            ? .sha512
            : mentions("SHA_384") || mentions("SHA384")
                ? .sha384
                : mentions("SHA_256") || mentions("SHA256") ? .sha256 : nil
        switch key.kind {
        case .ecP256: return .ecdsa(named ?? preferredHash ?? .sha256, encoding: .der)
        case .ecP384: return .ecdsa(named ?? preferredHash ?? .sha384, encoding: .der)
        case .ecP521: return .ecdsa(named ?? preferredHash ?? .sha512, encoding: .der)
        case .ed25519: return .ed25519
        case .rsa:
            let hash = named ?? preferredHash ?? .sha256
            return mentions("PSS") ? .rsaPSS(hash, saltLength: .auto) : .rsaPKCS1v15(hash)
        }
    }

    /// The algorithms worth trying for a key whose details are unknown: for RSA both paddings.
    static func candidates(
        for key: PublicKey, keyDetails: String? = nil, preferredHash: DigestAlgorithm? = nil
    )
        -> [SignatureAlgorithm]
    {
        let first = algorithm(for: key, keyDetails: keyDetails, preferredHash: preferredHash)
        if keyDetails == nil, case .rsaPKCS1v15(let hash) = first {
            return [first, .rsaPSS(hash, saltLength: .auto)]
        }
        return [first]
    }

    /// The protobuf `HashAlgorithm` name of a digest algorithm (`SHA2_256`).
    static func protoName(_ algorithm: DigestAlgorithm) -> String {
        switch algorithm {
        case .sha1: "SHA1"
        case .sha256: "SHA2_256"
        case .sha384: "SHA2_384"
        case .sha512: "SHA2_512"
        }
    }

    /// The digest algorithm for a protobuf `HashAlgorithm` name, or `nil`.
    static func digestAlgorithm(protoName name: String) -> DigestAlgorithm? {
        switch name {
        case "SHA2_256": .sha256
        case "SHA2_384": .sha384
        case "SHA2_512": .sha512
        default: nil
        }
    }
}
