using Authy.Totp.Logging;
using Microsoft.Data.Sqlite;

namespace Authy.Totp.Store;

/// <summary>Log text for a SQLite error during a login, with the likely cause and what to do.</summary>
public static class DatabaseFailure
{
    // Primary result codes from sqlite3.h; the low byte of an extended code is its primary code.
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int NotADatabase = 26;

    /// <summary>CRIT for a full disk, which stops every login; ERR for anything else.</summary>
    public static LogPriority Priority(SqliteException e) =>
        (e.SqliteErrorCode & 0xFF) == Full ? LogPriority.Crit : LogPriority.Err;

    public static string Describe(string path, SqliteException e)
    {
        string advice = (e.SqliteErrorCode & 0xFF) switch
        {
            Busy or Locked => $"another process held a lock longer than the {SecretStore.BusyTimeoutMilliseconds / 1000} s " +
                $"busy timeout; find it with 'fuser {path}'",
            ReadOnly => "the file or its file system is read-only; remount it read-write",
            Full => "the file system is full; free space on it",
            IoError or CantOpen => "check the disk, the file system and the kernel log",
            Corrupt or NotADatabase => "the file is damaged; restore it from backup",
            _ => "check the file and restore it from backup if it is damaged",
        };
        return $"database {path} failed during the login: {e.Message.TrimEnd('.')}; {advice}";
    }
}
