namespace Authy.Totp.Crypto;

/// <summary>
/// Argon2id parameters (RFC 9106), stored in the database beside the salt so that they can be raised
/// later without a new host key.
/// </summary>
/// <param name="MemoryKiB">Memory cost in KiB (at least 8 × <paramref name="Parallelism"/>).</param>
/// <param name="Iterations">Time cost, the number of passes over memory (at least 1).</param>
/// <param name="Parallelism">Number of lanes (1 to 255 here).</param>
public sealed record KdfParameters(int MemoryKiB, int Iterations, int Parallelism)
{
    /// <summary>
    /// 19 MiB, 2 passes, 1 lane: the OWASP Password Storage Cheat Sheet minimum for Argon2id.
    /// </summary>
    public static KdfParameters Default { get; } = new(19 * 1024, 2, 1);

    public const int SaltLength = 16;

    /// <summary>Checks the ranges, for parameters read from a database that may be damaged.</summary>
    public void Validate()
    {
        if (Parallelism is < 1 or > 255)
        {
            throw new SetupException($"Argon2 parallelism {Parallelism} is out of range 1 to 255");
        }

        if (Iterations is < 1 or > 100)
        {
            throw new SetupException($"Argon2 iterations {Iterations} is out of range 1 to 100");
        }

        if (MemoryKiB < 8 * Parallelism || MemoryKiB > 4 * 1024 * 1024)
        {
            throw new SetupException(
                $"Argon2 memory {MemoryKiB} KiB is out of range {8 * Parallelism} to {4 * 1024 * 1024}");
        }
    }
}
