// VouchCrypto: digests, keys, signatures and X.509 for Vouch, on OpenSSL 3's EVP interface.
//
// Everything that touches C lives in `OpenSSL/`; the rest of the module (algorithm names, Base64, the small DER
// reader) is plain Swift. No C type appears in a public signature.
