using System.Security.Cryptography;
using Authy.Totp.Crypto;
using Microsoft.Data.Sqlite;

namespace Authy.Totp.Store;

/// <summary>
/// The SQLite database of enrolled users. Seeds are stored only as AES-256-GCM ciphertext; the Argon2id
/// parameters, the salt and a key check live in the <c>meta</c> table.
/// </summary>
/// <remarks>
/// The schema version is recorded in <c>PRAGMA user_version</c>. Version 2 added the <c>authy_ids</c>
/// table; version 3 added the lockout counters, recovery codes and clock offsets. An older database is
/// upgraded step by step when it is opened. The database runs in WAL mode with a
/// busy timeout, so concurrent logins wait for each other instead of failing.
/// </remarks>
public sealed partial class SecretStore : IDisposable
{
    public const int SchemaVersion = 3;
    public const int BusyTimeoutMilliseconds = 5000;

    private const string KeyCheckUser = "\0key-check";

    private readonly SqliteConnection connection;

    private SecretStore(SqliteConnection connection, string path)
    {
        this.connection = connection;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Opens an existing database for reading and writing.</summary>
    /// <exception cref="SetupException">The file is missing, not a database, or of another schema.</exception>
    public static SecretStore Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new SetupException($"database {path} not found; run 'authy-enroll init' to create it");
        }

        SqliteProvider.EnsureInitialized();
        var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadWrite));
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}");
            long version = (long)Scalar(connection, "PRAGMA user_version")!;
            if (version is 1 or 2)
            {
                version = Upgrade(connection);
            }

            if (version != SchemaVersion)
            {
                throw new SetupException(
                    $"database {path} has schema version {version}, expected {SchemaVersion}; " +
                    "use the authy-enroll that created it");
            }
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new SetupException($"database {path} could not be opened: {e.Message}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new SecretStore(connection, path);
    }

    /// <summary>
    /// Creates a new database with a fresh salt and a key check for <paramref name="hostKey"/>. The file
    /// is built under a temporary name and renamed into place, so a failure leaves nothing behind.
    /// </summary>
    public static void Create(string path, ReadOnlySpan<byte> hostKey, KdfParameters parameters)
    {
        parameters.Validate();
        if (File.Exists(path))
        {
            throw new SetupException($"database {path} already exists");
        }

        SqliteProvider.EnsureInitialized();
        string temporary = path + ".new";
        File.Delete(temporary);
        byte[] salt = RandomNumberGenerator.GetBytes(KdfParameters.SaltLength);
        byte[] key = KeyDerivation.DeriveKey(hostKey, salt, parameters);
        try
        {
            using (var connection = new SqliteConnection(ConnectionString(temporary, SqliteOpenMode.ReadWriteCreate)))
            {
                connection.Open();
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                CreateSchema(connection, salt, parameters, SeedCipher.Encrypt(key, KeyCheckUser, new byte[32]));
            }

            File.Move(temporary, path);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new SetupException($"database {path} could not be created: {e.Message}", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Derives the seed-encryption key and checks it against the stored key check.</summary>
    /// <returns>A new key buffer that the caller must zero after use.</returns>
    /// <exception cref="SetupException">The host key does not match this database.</exception>
    public byte[] DeriveKey(ReadOnlySpan<byte> hostKey, string keyFilePath) =>
        DeriveKey(ReadKdf(), hostKey, keyFilePath, Path);

    /// <summary>
    /// Derives the key from settings read earlier with <see cref="ReadKdf"/>. It does not touch the
    /// connection, so it can run on another thread while this store is used.
    /// </summary>
    public static byte[] DeriveKey(KdfSettings kdf, ReadOnlySpan<byte> hostKey, string keyFilePath, string databasePath)
    {
        byte[] key = KeyDerivation.DeriveKey(hostKey, kdf.Salt, kdf.Parameters);
        byte[]? plain = SeedCipher.Decrypt(key, KeyCheckUser, kdf.KeyCheck);
        if (plain is null)
        {
            CryptographicOperations.ZeroMemory(key);
            throw new SetupException(
                $"key file {keyFilePath} does not match database {databasePath}; restore the key file that created it");
        }

        return key;
    }

    public KdfSettings ReadKdf()
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var command = Command("SELECT key, value FROM meta"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                meta[reader.GetString(0)] = reader.GetString(1);
            }
        }

        try
        {
            var parameters = new KdfParameters(
                int.Parse(meta["kdf_memory_kib"]),
                int.Parse(meta["kdf_iterations"]),
                int.Parse(meta["kdf_parallelism"]));
            byte[] salt = Convert.FromBase64String(meta["kdf_salt"]);
            var check = new EncryptedSeed(
                Convert.FromBase64String(meta["key_check_nonce"]),
                Convert.FromBase64String(meta["key_check_ciphertext"]),
                Convert.FromBase64String(meta["key_check_tag"]));
            parameters.Validate();
            return new KdfSettings(parameters, salt, check);
        }
        catch (Exception e) when (e is KeyNotFoundException or FormatException or OverflowException)
        {
            throw new SetupException($"database {Path} has damaged key derivation settings: {e.Message}");
        }
    }

    public UserRecord? FindUser(string name)
    {
        using var command = Command(
            "SELECT name, seed_nonce, seed_ciphertext, seed_tag, last_step, enrolled_at, last_login_at " +
            "FROM users WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadUser(reader) : null;
    }

    public IReadOnlyList<UserRecord> ListUsers()
    {
        using var command = Command(
            "SELECT name, seed_nonce, seed_ciphertext, seed_tag, last_step, enrolled_at, last_login_at " +
            "FROM users ORDER BY name");
        using var reader = command.ExecuteReader();
        var users = new List<UserRecord>();
        while (reader.Read())
        {
            users.Add(ReadUser(reader));
        }

        return users;
    }

    /// <summary>
    /// Stores a user's encrypted seed. With <paramref name="replace"/> false an existing user is kept and
    /// false is returned.
    /// </summary>
    public bool PutUser(string name, EncryptedSeed seed, long lastStep, DateTimeOffset now, bool replace)
    {
        string verb = replace ? "INSERT OR REPLACE" : "INSERT OR IGNORE";
        using var command = Command(
            $"{verb} INTO users (name, seed_nonce, seed_ciphertext, seed_tag, last_step, enrolled_at) " +
            "VALUES ($name, $nonce, $ciphertext, $tag, $step, $now)");
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$nonce", seed.Nonce);
        command.Parameters.AddWithValue("$ciphertext", seed.Ciphertext);
        command.Parameters.AddWithValue("$tag", seed.Tag);
        command.Parameters.AddWithValue("$step", lastStep);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeSeconds());
        return command.ExecuteNonQuery() == 1;
    }

    public bool RemoveUser(string name)
    {
        using var command = Command("DELETE FROM users WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>
    /// Records <paramref name="step"/> as used if it is later than every step accepted before. The check
    /// and the update are one statement, so of two logins racing with the same code exactly one wins.
    /// </summary>
    public bool TryAcceptStep(string name, long step, DateTimeOffset now)
    {
        using var command = Command(
            "UPDATE users SET last_step = $step, last_login_at = $now WHERE name = $name AND last_step < $step");
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$step", step);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeSeconds());
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Returns the user's Authy ID for push, SMS and online tokens, or null.</summary>
    public long? FindAuthyId(string name)
    {
        using var command = Command("SELECT authy_id FROM authy_ids WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() is long id ? id : null;
    }

    public IReadOnlyList<(string Name, long AuthyId)> ListAuthyIds()
    {
        using var command = Command("SELECT name, authy_id FROM authy_ids ORDER BY name");
        using var reader = command.ExecuteReader();
        var ids = new List<(string, long)>();
        while (reader.Read())
        {
            ids.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return ids;
    }

    /// <summary>Stores or replaces a user's Authy ID.</summary>
    public void PutAuthyId(string name, long authyId)
    {
        using var command = Command("INSERT OR REPLACE INTO authy_ids (name, authy_id) VALUES ($name, $id)");
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$id", authyId);
        command.ExecuteNonQuery();
    }

    public bool RemoveAuthyId(string name)
    {
        using var command = Command("DELETE FROM authy_ids WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Runs <paramref name="action"/> in one transaction, so a failure leaves the database as it was.</summary>
    public void InTransaction(Action action)
    {
        using var transaction = connection.BeginTransaction();
        action();
        transaction.Commit();
    }

    public void Dispose() => connection.Dispose();

    private SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static UserRecord ReadUser(SqliteDataReader reader) => new(
        reader.GetString(0),
        new EncryptedSeed(
            reader.GetFieldValue<byte[]>(1),
            reader.GetFieldValue<byte[]>(2),
            reader.GetFieldValue<byte[]>(3)),
        reader.GetInt64(4),
        DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(5)),
        reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(6)));

    private static void CreateSchema(
        SqliteConnection connection, byte[] salt, KdfParameters parameters, EncryptedSeed keyCheck)
    {
        Execute(connection, "PRAGMA journal_mode = WAL");
        using var transaction = connection.BeginTransaction();
        Execute(connection, """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE users (
                name TEXT PRIMARY KEY,
                seed_nonce BLOB NOT NULL,
                seed_ciphertext BLOB NOT NULL,
                seed_tag BLOB NOT NULL,
                last_step INTEGER NOT NULL,
                enrolled_at INTEGER NOT NULL,
                last_login_at INTEGER
            );
            """);
        Execute(connection, AuthyIdsTable);
        Execute(connection, Version3Tables);
        var meta = new Dictionary<string, string>
        {
            ["kdf_algorithm"] = "argon2id",
            ["kdf_memory_kib"] = parameters.MemoryKiB.ToString(),
            ["kdf_iterations"] = parameters.Iterations.ToString(),
            ["kdf_parallelism"] = parameters.Parallelism.ToString(),
            ["kdf_salt"] = Convert.ToBase64String(salt),
            ["key_check_nonce"] = Convert.ToBase64String(keyCheck.Nonce),
            ["key_check_ciphertext"] = Convert.ToBase64String(keyCheck.Ciphertext),
            ["key_check_tag"] = Convert.ToBase64String(keyCheck.Tag),
        };
        foreach (var (key, value) in meta)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO meta (key, value) VALUES ($key, $value)";
            insert.Parameters.AddWithValue("$key", key);
            insert.Parameters.AddWithValue("$value", value);
            insert.ExecuteNonQuery();
        }

        Execute(connection, $"PRAGMA user_version = {SchemaVersion}");
        transaction.Commit();
    }

    private const string AuthyIdsTable =
        "CREATE TABLE authy_ids (name TEXT PRIMARY KEY, authy_id INTEGER NOT NULL CHECK (authy_id > 0))";

    /// <summary>Lockout counters, recovery code hashes and the step offsets of accepted codes.</summary>
    private const string Version3Tables = """
        CREATE TABLE IF NOT EXISTS login_failures (
            name TEXT PRIMARY KEY,
            failures INTEGER NOT NULL,
            window_start INTEGER NOT NULL,
            locked_until INTEGER
        );
        CREATE TABLE IF NOT EXISTS recovery_codes (
            name TEXT NOT NULL,
            salt BLOB NOT NULL,
            hash BLOB NOT NULL,
            PRIMARY KEY (name, hash)
        );
        CREATE TABLE IF NOT EXISTS step_offsets (
            name TEXT NOT NULL,
            accepted_at INTEGER NOT NULL,
            step_offset INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS step_offsets_by_name ON step_offsets (name, accepted_at);
        """;

    /// <summary>
    /// Upgrades a version 1 or 2 database to <see cref="SchemaVersion"/> in one write transaction. The
    /// version is read again inside it, because two logins may open the old database at the same time.
    /// </summary>
    private static long Upgrade(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        long version = (long)Scalar(connection, "PRAGMA user_version")!;
        if (version == 1)
        {
            Execute(connection, AuthyIdsTable);
            version = 2;
        }

        if (version == 2)
        {
            Execute(connection, Version3Tables);
            version = SchemaVersion;
        }

        Execute(connection, $"PRAGMA user_version = {version}");
        transaction.Commit();
        return version;
    }

    private static string ConnectionString(string path, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        Pooling = false,
        DefaultTimeout = BusyTimeoutMilliseconds / 1000,
    }.ToString();

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
