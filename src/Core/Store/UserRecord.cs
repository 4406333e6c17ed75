using Authy.Totp.Crypto;

namespace Authy.Totp.Store;

/// <summary>One enrolled user as stored: the encrypted seed and the replay state.</summary>
/// <param name="LastStep">Highest TOTP step accepted so far, or -1 before the first login.</param>
/// <param name="EnrolledAt">Enrollment time.</param>
/// <param name="LastLoginAt">Time of the last accepted code, or null.</param>
public sealed record UserRecord(
    string Name,
    EncryptedSeed Seed,
    long LastStep,
    DateTimeOffset EnrolledAt,
    DateTimeOffset? LastLoginAt);
