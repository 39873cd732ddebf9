internal import CVouchShims.OpenSSL
import Foundation
import VouchCore

// Explicitly fetched once: with OpenSSL 3, passing EVP_sha256() and friends makes every DigestInit and
// DigestVerifyInit repeat an implicit fetch through the provider store (a lock and a lookup), a measurable cost when
// thousands of signatures are verified. A fetched EVP_MD is immutable and safe to share between threads, hence
// `nonisolated(unsafe)` on these write-once globals; a failed fetch falls back to the implicit form.
private nonisolated(unsafe) let fetchedSHA1: OpaquePointer = EVP_MD_fetch(nil, "SHA1", nil) ?? EVP_sha1()
private nonisolated(unsafe) let fetchedSHA256: OpaquePointer = EVP_MD_fetch(nil, "SHA2-256", nil) ?? EVP_sha256()
private nonisolated(unsafe) let fetchedSHA384: OpaquePointer = EVP_MD_fetch(nil, "SHA2-384", nil) ?? EVP_sha384()
private nonisolated(unsafe) let fetchedSHA512: OpaquePointer = EVP_MD_fetch(nil, "SHA2-512", nil) ?? EVP_sha512()

extension DigestAlgorithm {
    /// OpenSSL's method table for the algorithm, fetched once.
    var evpMD: OpaquePointer {
        switch self {
        case .sha1: fetchedSHA1
        case .sha256: fetchedSHA256
        case .sha384: fetchedSHA384
        case .sha512: fetchedSHA512
        }
    }
}

/// An incremental hash: feed bytes with `update`, read the digest with ``finalize()``.
///
/// A value type with copy-on-write: a copy continues independently from the state at the time of the copy, which
/// makes "hash a common prefix once, then branch" cheap and safe.
///
/// `@unchecked Sendable`: the shared context is only ever read (copied) while shared; a mutation first takes a
/// private copy, exactly as the standard library's copy-on-write collections do.
public struct DigestHasher: @unchecked Sendable {
    public let algorithm: DigestAlgorithm
    private var context: OwnedDigestContext

    public init(_ algorithm: DigestAlgorithm) {
        self.algorithm = algorithm
        // Only allocation failure or a provider configuration without SHA-2 can make these fail; neither is input.
        guard let pointer = EVP_MD_CTX_new() else { preconditionFailure("EVP_MD_CTX_new failed: out of memory") }
        context = OwnedDigestContext(pointer)
        guard EVP_DigestInit_ex(pointer, algorithm.evpMD, nil) == 1 else {
            preconditionFailure("EVP_DigestInit_ex(\(algorithm)) failed: \(OpenSSLErrorQueue.drain() ?? "")")
        }
    }

    /// Adds bytes to the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        if !isKnownUniquelyReferenced(&context) {
            context = Self.copy(of: context)
        }
        guard EVP_DigestUpdate(context.pointer, bytes.baseAddress, bytes.count) == 1 else {
            preconditionFailure("EVP_DigestUpdate failed: \(OpenSSLErrorQueue.drain() ?? "")")
        }
    }

    /// Adds bytes to the hash.
    public mutating func update(_ bytes: some DataProtocol) {
        for region in bytes.regions {
            region.withUnsafeBytes { update($0) }
        }
    }

    /// Adds bytes to the hash.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of everything added so far. The hasher is left as it was, so more bytes may follow.
    public func finalize() -> Digest {
        let finished = Self.copy(of: context)
        return Digest(algorithm: algorithm, bytes: Self.finish(finished.pointer, algorithm: algorithm))
    }

    /// Ends the hash in `context` (which cannot be updated afterwards) and returns its bytes.
    fileprivate static func finish(_ context: OpaquePointer, algorithm: DigestAlgorithm) -> [UInt8] {
        var length: UInt32 = 0
        let output = [UInt8](unsafeUninitializedCapacity: Int(EVP_MAX_MD_SIZE)) { buffer, initialized in
            guard EVP_DigestFinal_ex(context, buffer.baseAddress, &length) == 1, Int(length) == algorithm.byteCount
            else {
                preconditionFailure("EVP_DigestFinal_ex failed: \(OpenSSLErrorQueue.drain() ?? "")")
            }
            initialized = Int(length)
        }
        return output
    }

    private static func copy(of context: OwnedDigestContext) -> OwnedDigestContext {
        guard let pointer = EVP_MD_CTX_new() else { preconditionFailure("EVP_MD_CTX_new failed: out of memory") }
        let copy = OwnedDigestContext(pointer)
        guard EVP_MD_CTX_copy_ex(pointer, context.pointer) == 1 else {
            preconditionFailure("EVP_MD_CTX_copy_ex failed: \(OpenSSLErrorQueue.drain() ?? "")")
        }
        return copy
    }
}

extension Digest {
    /// The digest of `data`.
    public static func of(_ data: some DataProtocol, using algorithm: DigestAlgorithm) -> Digest {
        Digest(algorithm: algorithm, bytes: algorithm.digestBytes(of: data))
    }
}

extension DigestAlgorithm {
    /// The hash of `data` as bytes: one context, no intermediate ``Digest`` (Merkle trees and key IDs hash many
    /// short inputs).
    public func digestBytes(of data: some DataProtocol) -> [UInt8] {
        // Only allocation failure or a provider configuration without SHA-2 can make these fail; neither is input.
        guard let context = EVP_MD_CTX_new() else { preconditionFailure("EVP_MD_CTX_new failed: out of memory") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestInit_ex(context, evpMD, nil) == 1 else {
            preconditionFailure("EVP_DigestInit_ex(\(self)) failed: \(OpenSSLErrorQueue.drain() ?? "")")
        }
        for region in data.regions {
            let updated = region.withUnsafeBytes { bytes in
                bytes.isEmpty || EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1
            }
            guard updated else { preconditionFailure("EVP_DigestUpdate failed: \(OpenSSLErrorQueue.drain() ?? "")") }
        }
        return DigestHasher.finish(context, algorithm: self)
    }
}
