/// The process exit codes of `vouch`, shared by every command.
public enum VouchExitCode: Int32, Sendable, CaseIterable {
    /// Verified, or the gate passed.
    case verified = 0
    /// Verification failed or the gate denied.
    case failed = 1
    /// Could not verify: unreadable input, network failure, internal error. Still a failure.
    case couldNotVerify = 2
    /// The command line was wrong.
    case usage = 64
}
