internal import CVouchShims.OpenSSL
import Foundation
import VouchCore

/// The decoded CMS structure of a token, shared by copies of the token. OpenSSL caches while verifying, so uses are
/// serialised by a lock; that makes the box safe to share across tasks.
final class SharedCMS: @unchecked Sendable {
    private let cms: OwnedCMS
    private let lock = NSLock()

    init(_ cms: OwnedCMS) {
        self.cms = cms
    }

    func withCMS<T>(_ body: (OwnedCMS) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(cms)
    }
}

/// Owns a `TS_RESP`.
final class OwnedTSResponse {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        TS_RESP_free(pointer)
    }
}

/// Owns a `CMS_ContentInfo`.
final class OwnedCMS {
    let pointer: OpaquePointer

    /// Decodes a DER ContentInfo that must fill `tokenDER`.
    init(tokenDER: [UInt8]) throws(TimestampTokenError) {
        let parsed: OpaquePointer? = tokenDER.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            guard let cms = d2i_CMS_ContentInfo(nil, &cursor, buffer.count) else { return nil }
            guard cursor == base + buffer.count else {
                CMS_ContentInfo_free(cms)
                return nil
            }
            return cms
        }
        guard let parsed else { throw TimestampTokenError.openSSL("the time-stamp token is not CMS SignedData") }
        pointer = parsed
    }

    deinit {
        CMS_ContentInfo_free(pointer)
    }
}
