using System.Security.Cryptography;
using Authy.Totp;
using Authy.Totp.Config;
using Authy.Totp.Store;
using Authy.Totp.Totp;
using Authy.Totp.Verification;

namespace Authy.Pam;

/// <summary>
/// Checks a code against the user's offline secret. The seed is decrypted on a worker thread as soon
/// as this is created, so the Argon2id cost overlaps the time the user takes to type.
/// </summary>
internal sealed class OfflineCheck : IDisposable
{
    private readonly SecretStore store;
    private readonly AuthyConfig config;
    private readonly UserRecord user;
    private readonly Task<byte[]> seed;

    public OfflineCheck(SecretStore store, AuthyConfig config, UserRecord user)
    {
        this.store = store;
        this.config = config;
        this.user = user;

        // The settings are read here because the connection must not be used from two threads.
        var kdf = store.ReadKdf();
        string keyFile = config.KeyFilePath;
        string database = store.Path;
        seed = Task.Run(() => SeedVault.DecryptSeed(kdf, keyFile, database, user));
    }

    /// <summary>Verifies a 6-digit code and marks its step as used.</summary>
    /// <exception cref="SetupException">The key file is missing, wrong, or the row was altered.</exception>
    public CodeCheckResult Check(ReadOnlySpan<char> code, TimeProvider clock)
    {
        byte[] plain = seed.GetAwaiter().GetResult();
        var verifier = new TotpVerifier(clock, config.Window);
        return CodeCheck.Run(store, user.Name, plain, code, verifier, clock);
    }

    public void Dispose()
    {
        try
        {
            if (seed.Wait(TimeSpan.FromSeconds(30)) && seed.IsCompletedSuccessfully)
            {
                CryptographicOperations.ZeroMemory(seed.Result);
            }
        }
        catch (AggregateException)
        {
            // A failed derivation has no seed to clear; Check reported the error.
        }
    }
}
