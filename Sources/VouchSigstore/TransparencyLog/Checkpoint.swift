import VouchCore
import VouchCrypto

/// A transparency log checkpoint: a C2SP signed note whose text is a C2SP tlog-checkpoint.
///
/// ```
/// note       = text LF signature-line*        ; split at the last blank line
/// text       = origin LF tree-size LF root-hash LF *(extension LF)
/// origin     = non-empty line                 ; Rekor v1: "<host> - <tree ID>", Rekor v2: "<host>"
/// tree-size  = decimal, no leading zeros
/// root-hash  = base64 of 32 bytes
/// signature-line = U+2014 SP key-name SP base64( key-id[4] || signature ) LF
/// ```
/// The signed message is the text **including** its final newline. Parsing only checks the grammar; which
/// signatures count is ``CheckpointCheck``'s question.
struct Checkpoint: Sendable {
    /// One signature line.
    struct Signature: Sendable {
        var name: String
        /// The 4-byte key ID (key hint).
        var keyID: [UInt8]
        var signature: [UInt8]
    }

    var origin: String
    var treeSize: UInt64
    var rootHash: [UInt8]
    var extensions: [String]
    /// The signed text, with its final newline.
    var text: [UInt8]
    var signatures: [Signature]

    /// Why a note is not a checkpoint.
    struct Malformed: Error {
        var reason: String
    }

    static func parse(_ note: String, maxSignatures: Int) throws(Malformed) -> Checkpoint {
        let bytes = Array(note.utf8)
        guard !bytes.contains(where: { $0 < 0x20 && $0 != 0x0A }) else {
            throw Malformed(reason: "the note contains control characters")
        }
        guard let split = lastBlankLine(bytes) else {
            throw Malformed(reason: "the note has no blank line between text and signatures")
        }
        let text = Array(bytes[..<(split + 1)])
        let signatureBlock = bytes[(split + 2)...]
        let lines = text.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
        guard lines.count >= 1, !lines[0].isEmpty else { throw Malformed(reason: "the checkpoint has no origin") }
        guard lines.count >= 2 else { throw Malformed(reason: "the checkpoint has no tree size") }
        let sizeText = lines[1]
        guard let size = UInt64(sizeText), String(size) == sizeText else {
            throw Malformed(reason: "the tree size '\(sizeText)' is not a decimal number")
        }
        guard lines.count >= 3 else { throw Malformed(reason: "the checkpoint has no root hash") }
        guard let root = Base64.decode(lines[2]), root.count == 32 else {
            throw Malformed(reason: "the root hash is not base64 of 32 bytes")
        }
        let extensions = Array(lines.dropFirst(3))
        guard !extensions.contains(where: \.isEmpty) else {
            throw Malformed(reason: "the checkpoint text has an empty line")
        }
        var signatures: [Signature] = []
        let signatureLines = signatureBlock.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard signatureBlock.isEmpty || signatureBlock.last == 0x0A else {
            throw Malformed(reason: "the last signature line does not end with a newline")
        }
        for raw in signatureLines.dropLast() {
            guard signatures.count < maxSignatures else {
                throw Malformed(reason: "the note has more than \(maxSignatures) signature lines")
            }
            signatures.append(try signature(String(decoding: raw, as: UTF8.self)))
        }
        return Checkpoint(
            origin: lines[0], treeSize: size, rootHash: root, extensions: extensions, text: text,
            signatures: signatures)
    }

    private static func signature(_ line: String) throws(Malformed) -> Signature {
        let prefix = "\u{2014} "
        guard line.hasPrefix(prefix) else { throw Malformed(reason: "a signature line does not start with an em dash") }
        let parts = line.dropFirst(prefix.count).split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[0].contains("+") else {
            throw Malformed(reason: "a signature line is not '— name signature'")
        }
        guard let blob = Base64.decode(parts[1]), blob.count > 4 else {
            throw Malformed(reason: "a signature of '\(parts[0])' is not base64 of a key ID and a signature")
        }
        return Signature(name: String(parts[0]), keyID: Array(blob.prefix(4)), signature: Array(blob.dropFirst(4)))
    }

    /// The index of the first newline of the last "\n\n" in the note.
    private static func lastBlankLine(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        var index = bytes.count - 2
        while index >= 0 {
            if bytes[index] == 0x0A && bytes[index + 1] == 0x0A { return index }
            index -= 1
        }
        return nil
    }
}
