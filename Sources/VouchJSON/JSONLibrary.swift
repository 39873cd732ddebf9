internal import CVouchShims.Jansson

/// Facts about the JSON library underneath, for `vouch --version` and evidence records.
public enum JSONLibrary {
    /// The loaded jansson's version, for example `2.14`.
    public static var janssonVersion: String {
        String(cString: jansson_version_str())
    }
}
