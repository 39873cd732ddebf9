internal import CVouchShims.OpenSSL
import Foundation
import VouchCore

// One owning class per OpenSSL object. Each is created only from a non-nil pointer it now owns, frees it in `deinit`,
// and is never exposed outside the module.

/// Owns an `EVP_PKEY`, and the verification contexts made from it.
///
/// `@unchecked Sendable`: a loaded key is never mutated afterwards, and OpenSSL 3 allows concurrent signing and
/// verification with one `EVP_PKEY` (each operation uses its own `EVP_PKEY_CTX`). The kept contexts are only read,
/// to copy them, and only under the lock.
final class OwnedPKey: @unchecked Sendable {
    let pointer: OpaquePointer
    private let lock = NSLock()
    private var verificationTemplates: [SignatureAlgorithm: OwnedDigestContext] = [:]

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// A fresh context ready to verify `algorithm` signatures with this key: a copy of one made by `make` the first
    /// time, and kept. Each caller owns its copy.
    func verificationContext(
        for algorithm: SignatureAlgorithm, make: () throws(FindingError) -> OwnedDigestContext
    ) throws(FindingError) -> OwnedDigestContext {
        lock.lock()
        defer { lock.unlock() }
        let template: OwnedDigestContext
        if let kept = verificationTemplates[algorithm] {
            template = kept
        } else {
            template = try make()
            verificationTemplates[algorithm] = template
        }
        guard let copy = EVP_MD_CTX_new() else {
            throw OpenSSLErrorQueue.error(.cryptoOpenSSLFailure, "cannot allocate a digest context", input: "signature")
        }
        let owned = OwnedDigestContext(copy)
        guard EVP_MD_CTX_copy_ex(copy, template.pointer) == 1 else {
            throw OpenSSLErrorQueue.error(
                .cryptoOpenSSLFailure, "cannot copy a verification context", input: "signature",
                details: ["algorithm": algorithm.description])
        }
        return owned
    }

    deinit {
        EVP_PKEY_free(pointer)
    }
}

/// Owns an `X509`.
///
/// `@unchecked Sendable`: the certificate is read-only once parsed; OpenSSL guards its lazily computed extension
/// cache with a lock, so concurrent reads and chain building are safe.
final class OwnedX509: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        X509_free(pointer)
    }
}

/// Owns an `EVP_MD_CTX`. Not `Sendable`: a digest context is used by one owner at a time.
final class OwnedDigestContext {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_MD_CTX_free(pointer)
    }
}

/// Owns an `EVP_PKEY_CTX`.
final class OwnedPKeyContext {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_CTX_free(pointer)
    }
}

/// Owns a memory `BIO`.
final class OwnedBIO {
    let pointer: OpaquePointer

    /// A read-only BIO over a copy of `bytes`, or `nil` when OpenSSL cannot allocate one.
    init?(copying bytes: [UInt8]) {
        // BIO_new_mem_buf does not copy; a fresh read-write BIO with the bytes written into it does.
        guard let bio = BIO_new(BIO_s_mem()) else { return nil }
        pointer = bio
        let written = bytes.withUnsafeBytes { buffer in
            buffer.isEmpty ? 0 : BIO_write(bio, buffer.baseAddress, Int32(clamping: buffer.count))
        }
        guard written == bytes.count else { return nil }
    }

    /// An empty BIO to write into, or `nil` when OpenSSL cannot allocate one.
    init?() {
        guard let bio = BIO_new(BIO_s_mem()) else { return nil }
        pointer = bio
    }

    /// Everything written so far.
    var contents: [UInt8] {
        var data: UnsafePointer<UInt8>?
        let length = vouch_bio_get_mem_data(pointer, &data)
        guard let data, length > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: length))
    }

    deinit {
        BIO_free(pointer)
    }
}

/// Owns an `X509_STORE` that only trust anchors were added to, before it was shared.
///
/// `@unchecked Sendable`: OpenSSL reference counts a store and locks its lookups, so verifications on several
/// threads may use it at once; nothing mutates it after it is built.
final class SharedX509Store: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        X509_STORE_free(pointer)
    }
}

/// Owns an `X509_STORE_CTX`.
final class OwnedX509StoreContext {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        X509_STORE_CTX_free(pointer)
    }
}

/// Owns a `STACK_OF(X509)` and one reference to each certificate in it.
final class OwnedX509Stack {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// A new stack holding references to `certificates`, or `nil` when OpenSSL cannot allocate.
    convenience init?(_ certificates: [OwnedX509]) {
        guard let stack = OPENSSL_sk_new_null() else { return nil }
        self.init(stack)
        for certificate in certificates {
            guard X509_up_ref(certificate.pointer) == 1 else { return nil }
            guard OPENSSL_sk_push(stack, UnsafeRawPointer(certificate.pointer)) > 0 else {
                X509_free(certificate.pointer)
                return nil
            }
        }
    }

    /// The certificates, each with a reference of its own.
    var certificates: [OwnedX509] {
        (0..<max(0, OPENSSL_sk_num(pointer))).compactMap { index in
            guard let raw = OPENSSL_sk_value(pointer, index) else { return nil }
            let certificate = OpaquePointer(raw)
            guard X509_up_ref(certificate) == 1 else { return nil }
            return OwnedX509(certificate)
        }
    }

    deinit {
        for index in 0..<max(0, OPENSSL_sk_num(pointer)) {
            if let raw = OPENSSL_sk_value(pointer, index) {
                X509_free(OpaquePointer(raw))
            }
        }
        OPENSSL_sk_free(pointer)
    }
}
