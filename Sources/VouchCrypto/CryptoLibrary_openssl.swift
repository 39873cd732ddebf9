internal import CVouchShims.OpenSSL

/// Facts about the cryptographic library underneath, for `vouch --version` and evidence records.
public enum CryptoLibrary {
    /// For example `OpenSSL 3.0.19 27 Jan 2026`, as the loaded library reports it (not the headers).
    public static var version: String {
        String(cString: OpenSSL_version(OPENSSL_VERSION))
    }
}
