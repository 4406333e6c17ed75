using Authy.Totp.Store;
using Authy.Totp.Totp;
using BenchmarkDotNet.Attributes;

namespace Authy.Totp.Bench;

/// <summary>
/// The SQLite work of one login, each statement on its own: opening the database, reading the Argon2id
/// settings, reading the user's row and the replay UPDATE. The database is in a temporary directory
/// in WAL mode, as <see cref="SecretStore.Create"/> makes it.
/// </summary>
[Config(typeof(ShortRunConfig))]
public class SecretStoreBenchmarks
{
    private static BenchStore files = null!;
    private static SecretStore store = null!;
    private static long nextStep;

    [GlobalSetup]
    public void Setup()
    {
        files = BenchStore.Create();
        store = files.Open();
        nextStep = TotpVerifier.StepAt(DateTimeOffset.UtcNow);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        store.Dispose();
        files.Dispose();
    }

    /// <summary>Opens the connection, sets the busy timeout and checks the schema version, then closes it.</summary>
    [Benchmark]
    public void OpenStore()
    {
        using var opened = SecretStore.Open(files.DatabasePath);
    }

    [Benchmark]
    public object ReadKdf() => store.ReadKdf();

    [Benchmark]
    public UserRecord? FindUser() => store.FindUser(BenchStore.User);

    /// <summary>
    /// The replay UPDATE for a step later than every accepted one, so each call writes the row. The step
    /// is a plain counter because the UPDATE does not read the code.
    /// </summary>
    [Benchmark]
    public bool AcceptStep() => store.TryAcceptStep(BenchStore.User, ++nextStep, DateTimeOffset.UtcNow);

    /// <summary>The replay UPDATE for a step already accepted, which changes no row.</summary>
    [Benchmark]
    public bool RejectUsedStep() => store.TryAcceptStep(BenchStore.User, 0, DateTimeOffset.UtcNow);

    /// <summary>The read and the update of one accepted login, on an open connection.</summary>
    [Benchmark]
    public bool FindUserAndAcceptStep()
    {
        UserRecord user = store.FindUser(BenchStore.User)!;
        return store.TryAcceptStep(user.Name, ++nextStep, DateTimeOffset.UtcNow);
    }
}
