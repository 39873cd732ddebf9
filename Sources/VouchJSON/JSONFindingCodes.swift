import VouchCore

extension FindingCode {
    /// The text is not JSON (unexpected character, bad literal, bad escape, missing comma or colon).
    public static let jsonSyntax = FindingCode("json.syntax")
    /// The text ends inside a value.
    public static let jsonTruncated = FindingCode("json.truncated")
    /// Something follows the top-level value.
    public static let jsonTrailingContent = FindingCode("json.trailing-content")
    /// An object repeats a key.
    public static let jsonDuplicateKey = FindingCode("json.duplicate-key")
    /// The bytes are not valid UTF-8.
    public static let jsonInvalidUTF8 = FindingCode("json.invalid-utf8")
    /// An object key contains U+0000.
    public static let jsonNulInKey = FindingCode("json.nul-in-key")
    /// Arrays and objects nest deeper than the limit.
    public static let jsonTooDeep = FindingCode("json.too-deep")
    /// The document is larger than the limit.
    public static let jsonTooLarge = FindingCode("json.too-large")
    /// A number is outside the range of an IEEE 754 double.
    public static let jsonNumberOutOfRange = FindingCode("json.number.out-of-range")
    /// A number literal is longer than the limit.
    public static let jsonNumberTooLong = FindingCode("json.number.too-long")
    /// A string is longer than the limit.
    public static let jsonStringTooLong = FindingCode("json.string.too-long")
    /// An array or object has more entries than the limit.
    public static let jsonContainerTooLarge = FindingCode("json.container.too-large")
    /// A required member is missing.
    public static let jsonMissingField = FindingCode("json.field.missing")
    /// A value has the wrong JSON type.
    public static let jsonWrongType = FindingCode("json.field.wrong-type")
    /// A value has the right type but a value the format does not allow.
    public static let jsonInvalidValue = FindingCode("json.field.invalid-value")
    /// A JSON pointer names no value in the document.
    public static let jsonPointerNotFound = FindingCode("json.pointer.not-found")
}
