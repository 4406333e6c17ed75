using System.Security.Cryptography;
using Authy.Totp.Config;
using Authy.Totp.Store;
using Authy.Totp.Totp;
using Authy.Totp.Verification;
using BenchmarkDotNet.Attributes;

namespace Authy.Totp.Bench;

/// <summary>
/// One offline verification as <c>pam_authy_helper</c> performs it once the code is typed: load the
/// config, open the store, read the user and the Argon2id settings, read the host key, derive the key,
/// check it, decrypt the seed, verify the code and record its step. Process start, the PAM
/// conversation and the pipe to the module are not included; bench/compare-logins.sh times those.
/// </summary>
/// <remarks>
/// The helper runs the key derivation on a worker thread while the user types. Here the steps run one
/// after another on one thread, which is the CPU cost of a login, not its latency.
/// </remarks>
[Config(typeof(SingleInvocationConfig))]
public class LoginBenchmarks
{
    private static BenchStore files = null!;
    private static StepClock clock = null!;
    private static CodeTable codes = null!;

    [GlobalSetup]
    public void Setup()
    {
        files = BenchStore.Create();
        long step = TotpVerifier.StepAt(DateTimeOffset.UtcNow);
        clock = new StepClock(step);
        codes = new CodeTable(step, 4 * (SingleInvocationConfig.WarmupCount + SingleInvocationConfig.MeasuredCount));
    }

    [GlobalCleanup]
    public void Cleanup() => files.Dispose();

    [Benchmark]
    public CodeCheckResult VerifyLogin()
    {
        clock.Step++;
        string code = codes.For(clock.Step);
        var config = AuthyConfig.Load(files.ConfigPath);
        using var store = SecretStore.Open(config.DatabasePath);
        UserRecord user = store.FindUser(BenchStore.User)!;
        byte[] seed = SeedVault.DecryptSeed(store.ReadKdf(), config.KeyFilePath, store.Path, user);
        try
        {
            var verifier = new TotpVerifier(clock, config.Window);
            var result = CodeCheck.Run(store, user.Name, seed, code, verifier, clock);
            return result == CodeCheckResult.Accepted
                ? result
                : throw new InvalidOperationException($"a fresh code for step {clock.Step} returned {result}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }
}
