namespace Authy.Totp.Store;

/// <summary>
/// Binds Microsoft.Data.Sqlite to the system's <c>libsqlite3</c>. The NativeAOT builds link that
/// library directly; the JIT build (tests) loads it by name.
/// </summary>
internal static class SqliteProvider
{
    private static readonly Lazy<bool> Initialized = new(() =>
    {
        SQLitePCL.raw.SetProvider(new SQLitePCL.SQLite3Provider_sqlite3());
        return true;
    });

    /// <summary>Sets the provider once; concurrent callers wait until it is set.</summary>
    public static void EnsureInitialized() => _ = Initialized.Value;
}
