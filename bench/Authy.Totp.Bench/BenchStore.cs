using System.Security.Cryptography;
using Authy.Totp.Crypto;
using Authy.Totp.Store;
using Authy.Totp.Totp;
using Authy.Totp.Verification;

namespace Authy.Totp.Bench;

/// <summary>
/// A configuration file, host key file and SQLite database in a new temporary directory, with one
/// enrolled user, laid out as <c>authy-enroll init</c> and <c>enroll</c> leave them.
/// </summary>
internal sealed class BenchStore : IDisposable
{
    public const string User = "alice";

    /// <summary>The RFC 6238 test seed ("12345678901234567890" in ASCII), 20 bytes as Authy uses.</summary>
    public static readonly byte[] Seed = "12345678901234567890"u8.ToArray();

    private BenchStore(string directory)
    {
        Directory = directory;
        ConfigPath = Path.Combine(directory, "pam_authy.conf");
        KeyFilePath = Path.Combine(directory, "master.key");
        DatabasePath = Path.Combine(directory, "secrets.db");
    }

    public string Directory { get; }

    public string ConfigPath { get; }

    public string KeyFilePath { get; }

    public string DatabasePath { get; }

    /// <summary>Creates the files with the default Argon2id parameters and enrolls <see cref="User"/>.</summary>
    public static BenchStore Create()
    {
        var bench = new BenchStore(System.IO.Directory.CreateTempSubdirectory("authy-bench-").FullName);
        File.WriteAllText(bench.ConfigPath, $"database = {bench.DatabasePath}\nkey_file = {bench.KeyFilePath}\n");
        HostKey.Create(bench.KeyFilePath);
        byte[] hostKey = HostKey.Read(bench.KeyFilePath);
        try
        {
            SecretStore.Create(bench.DatabasePath, hostKey, KdfParameters.Default);
            using var store = SecretStore.Open(bench.DatabasePath);
            byte[] key = store.DeriveKey(hostKey, bench.KeyFilePath);
            try
            {
                store.PutUser(User, SeedCipher.Encrypt(key, User, Seed), lastStep: -1, DateTimeOffset.UtcNow, replace: false);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(hostKey);
        }

        return bench;
    }

    public SecretStore Open() => SecretStore.Open(DatabasePath);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

/// <summary>
/// A clock that stands still in the middle of one TOTP step, which a benchmark moves forward so that
/// every accepted code belongs to a step the store has not seen yet.
/// </summary>
internal sealed class StepClock : TimeProvider
{
    public StepClock(long step) => Step = step;

    public long Step { get; set; }

    public override DateTimeOffset GetUtcNow() =>
        DateTimeOffset.FromUnixTimeSeconds((Step * TotpVerifier.StepSeconds) + (TotpVerifier.StepSeconds / 2));
}

/// <summary>
/// The codes of <see cref="BenchStore.Seed"/> for consecutive steps, computed before measuring so that
/// a benchmark of an accepted code does not also time the code's generation.
/// </summary>
internal sealed class CodeTable
{
    private readonly string[] codes;

    public CodeTable(long firstStep, int count)
    {
        FirstStep = firstStep;
        codes = new string[count];
        for (int i = 0; i < count; i++)
        {
            codes[i] = TotpVerifier.ComputeCode(BenchStore.Seed, firstStep + i);
        }
    }

    public long FirstStep { get; }

    public string For(long step)
    {
        long index = step - FirstStep;
        if (index < 0 || index >= codes.Length)
        {
            throw new InvalidOperationException(
                $"step {step} is outside the {codes.Length} precomputed codes from step {FirstStep}; " +
                "raise the count or lower the job's invocation count");
        }

        return codes[index];
    }
}
