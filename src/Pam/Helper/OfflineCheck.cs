using System.Security.Cryptography;
using Authy.Totp;
using Authy.Totp.Config;
using Authy.Totp.Crypto;
using Authy.Totp.Store;
using Authy.Totp.Totp;
using Authy.Totp.Verification;

namespace Authy.Pam;

/// <summary>
/// Checks a code against the user's offline secret. <see cref="Start"/> decrypts the seed on a worker
/// thread, so the Argon2id cost overlaps the time the user takes to type.
/// </summary>
internal sealed class OfflineCheck : IDisposable
{
    private readonly SecretStore store;
    private readonly AuthyConfig config;
    private readonly UserRecord user;
    private readonly KdfSettings kdf;
    private Task<byte[]>? seed;

    public OfflineCheck(SecretStore store, AuthyConfig config, UserRecord user)
    {
        this.store = store;
        this.config = config;
        this.user = user;

        // The settings are read here because the connection must not be used from two threads.
        kdf = store.ReadKdf();
    }

    /// <summary>
    /// Starts decrypting the seed. LoginAttempt calls it after the lockout check, so guesses against a
    /// locked account cost no Argon2id work.
    /// </summary>
    public void Start()
    {
        if (seed is null)
        {
            var (settings, keyFile, database, record) = (kdf, config.KeyFilePath, store.Path, user);
            seed = Task.Run(() => SeedVault.DecryptSeed(settings, keyFile, database, record));
        }
    }

    /// <summary>Verifies a 6-digit code and marks its step as used.</summary>
    /// <exception cref="SetupException">The key file is missing, wrong, or the row was altered.</exception>
    public CodeCheckResult Check(ReadOnlySpan<char> code, TimeProvider clock)
    {
        Start();
        byte[] plain = seed!.GetAwaiter().GetResult();
        var verifier = new TotpVerifier(clock, config.Window);
        return CodeCheck.Run(store, user.Name, plain, code, verifier, clock);
    }

    public void Dispose()
    {
        if (seed is null)
        {
            return;
        }

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
