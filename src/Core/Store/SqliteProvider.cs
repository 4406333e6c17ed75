namespace Authy.Totp.Store;

/// <summary>
/// Binds Microsoft.Data.Sqlite to the system's <c>libsqlite3</c>. The NativeAOT builds link that
/// library directly; the JIT build (tests) loads it by name.
/// </summary>
internal static class SqliteProvider
{
    private static int initialized;

    public static void EnsureInitialized()
    {
        if (Interlocked.Exchange(ref initialized, 1) == 0)
        {
            SQLitePCL.raw.SetProvider(new SQLitePCL.SQLite3Provider_sqlite3());
        }
    }
}
