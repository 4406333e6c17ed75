using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Authy.Totp.Crypto;
using Authy.Totp.Store;
using Authy.Totp.Verification;
using Microsoft.Data.Sqlite;

namespace Authy.Totp.Tests.Core;

/// <summary>The SQLite database of enrolled users, on real files in a temporary directory.</summary>
public sealed class SecretStoreTests : IDisposable
{
    private static readonly DateTimeOffset EnrolledAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly DateTimeOffset LoginAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_100);

    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly TempStore temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void FindUser_AfterReopen_DecryptsSeed()
    {
        byte[] seed = RandomNumberGenerator.GetBytes(20);
        using (var store = temp.Open())
        {
            temp.Enroll(store, "alice", seed, EnrolledAt);
        }

        using var reopened = temp.Open();
        var user = reopened.FindUser("alice");

        Assert.NotNull(user);
        Assert.Equal("alice", user.Name);
        Assert.Equal(-1, user.LastStep);
        Assert.Equal(EnrolledAt, user.EnrolledAt);
        Assert.Null(user.LastLoginAt);
        Assert.Equal(seed, SeedVault.DecryptSeed(reopened, temp.KeyFilePath, user));
    }

    [Theory]
    [InlineData("bob")]
    [InlineData("Alice")]
    [InlineData("alice ")]
    [InlineData("")]
    public void FindUser_OtherName_ReturnsNull(string name)
    {
        using var store = temp.Open();
        temp.Enroll(store, "alice", RandomNumberGenerator.GetBytes(20), EnrolledAt);

        Assert.Null(store.FindUser(name));
    }

    [Fact]
    public void PutUser_WithoutReplace_KeepsExistingUser()
    {
        byte[] first = RandomNumberGenerator.GetBytes(20);
        byte[] second = RandomNumberGenerator.GetBytes(20);
        using var store = temp.Open();
        byte[] key = SeedVault.DeriveKey(store, temp.KeyFilePath);
        Assert.True(store.PutUser("alice", SeedCipher.Encrypt(key, "alice", first), -1, EnrolledAt, replace: false));
        Assert.True(store.TryAcceptStep("alice", 10, LoginAt));

        bool stored = store.PutUser("alice", SeedCipher.Encrypt(key, "alice", second), -1, LoginAt, replace: false);

        Assert.False(stored);
        var user = store.FindUser("alice")!;
        Assert.Equal(first, SeedCipher.Decrypt(key, "alice", user.Seed));
        Assert.Equal(10, user.LastStep);
        Assert.Equal(EnrolledAt, user.EnrolledAt);
        Assert.Equal(LoginAt, user.LastLoginAt);
    }

    [Fact]
    public void PutUser_WithReplace_StoresNewSeed()
    {
        byte[] first = RandomNumberGenerator.GetBytes(20);
        byte[] second = RandomNumberGenerator.GetBytes(20);
        using var store = temp.Open();
        byte[] key = SeedVault.DeriveKey(store, temp.KeyFilePath);
        Assert.True(store.PutUser("alice", SeedCipher.Encrypt(key, "alice", first), -1, EnrolledAt, replace: false));
        Assert.True(store.TryAcceptStep("alice", 10, LoginAt));

        bool stored = store.PutUser("alice", SeedCipher.Encrypt(key, "alice", second), -1, LoginAt, replace: true);

        Assert.True(stored);
        var user = store.FindUser("alice")!;
        Assert.Equal(second, SeedCipher.Decrypt(key, "alice", user.Seed));
        Assert.Equal(-1, user.LastStep);
        Assert.Equal(LoginAt, user.EnrolledAt);
        Assert.Null(user.LastLoginAt);
        Assert.Single(store.ListUsers());
    }

    [Fact]
    public void RemoveUser_RemovesOnlyThatUser()
    {
        using var store = temp.Open();
        temp.Enroll(store, "alice", RandomNumberGenerator.GetBytes(20), EnrolledAt);
        temp.Enroll(store, "bob", RandomNumberGenerator.GetBytes(20), EnrolledAt);

        bool removed = store.RemoveUser("alice");

        Assert.True(removed);
        Assert.Null(store.FindUser("alice"));
        Assert.NotNull(store.FindUser("bob"));
        Assert.False(store.RemoveUser("alice"));
        Assert.False(store.RemoveUser("carol"));
    }

    [Fact]
    public void ListUsers_OrdersByOrdinalName()
    {
        string[] names = ["carol", "alice", "bob", "Bob", "alice2", "Zed"];
        using (var store = temp.Open())
        {
            foreach (string name in names)
            {
                temp.Enroll(store, name, RandomNumberGenerator.GetBytes(20), EnrolledAt);
            }
        }

        using var reopened = temp.Open();
        var listed = reopened.ListUsers().Select(user => user.Name).ToArray();

        Assert.Equal(["Bob", "Zed", "alice", "alice2", "bob", "carol"], listed);
    }

    [Fact]
    public void ListUsers_EmptyDatabase_ReturnsEmpty()
    {
        using var store = temp.Open();

        Assert.Empty(store.ListUsers());
    }

    [Fact]
    public void Open_MissingFile_NamesPath()
    {
        string path = temp.File("absent.db");

        var error = Assert.Throws<SetupException>(() => SecretStore.Open(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("not found", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Open_NonDatabaseFile_NamesPath()
    {
        string path = temp.File("notes.db");
        byte[] contents = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("not a database\n", 300)));
        File.WriteAllBytes(path, contents);

        var error = Assert.Throws<SetupException>(() => SecretStore.Open(path));

        Assert.Contains(path, error.Message);
        Assert.Equal(contents, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(-1)]
    public void Open_OtherSchemaVersion_NamesPathAndVersion(int version)
    {
        SetUserVersion(temp.DatabasePath, version);

        var error = Assert.Throws<SetupException>(() => SecretStore.Open(temp.DatabasePath));

        Assert.Contains(temp.DatabasePath, error.Message);
        Assert.Contains($"schema version {version}", error.Message);
    }

    [Fact]
    public void Open_Version1_UpgradesToAuthyIds()
    {
        ExecuteSql(temp.DatabasePath, "DROP TABLE authy_ids; PRAGMA user_version = 1;");

        using (var store = SecretStore.Open(temp.DatabasePath))
        {
            Assert.Null(store.FindAuthyId("alice"));
            store.PutAuthyId("alice", 1234567);
            Assert.Equal(1234567, store.FindAuthyId("alice"));
        }

        using var reopened = SecretStore.Open(temp.DatabasePath);
        Assert.Equal(1234567, reopened.FindAuthyId("alice"));
    }

    [Fact]
    public void AuthyIds_PutReplaceListRemove()
    {
        using var store = temp.Open();

        store.PutAuthyId("bob", 20);
        store.PutAuthyId("alice", 10);
        store.PutAuthyId("alice", 11);

        Assert.Equal([("alice", 11L), ("bob", 20L)], store.ListAuthyIds());
        Assert.True(store.RemoveAuthyId("alice"));
        Assert.False(store.RemoveAuthyId("alice"));
        Assert.Null(store.FindAuthyId("alice"));
    }

    [Fact]
    public void InTransaction_Failure_RollsBack()
    {
        using var store = temp.Open();

        Assert.Throws<InvalidOperationException>(() => store.InTransaction(() =>
        {
            store.PutAuthyId("alice", 10);
            throw new InvalidOperationException("stop");
        }));

        Assert.Null(store.FindAuthyId("alice"));
    }

    [Fact]
    public void Open_EmptyFile_Rejected()
    {
        // SQLite reads an empty file as an empty database, whose user_version is 0.
        string path = temp.File("empty.db");
        File.WriteAllBytes(path, []);

        var error = Assert.Throws<SetupException>(() => SecretStore.Open(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("schema version 0", error.Message);
    }

    [Fact]
    public void DeriveKey_MatchingKeyFile_Succeeds()
    {
        using var store = temp.Open();

        byte[] key = SeedVault.DeriveKey(store, temp.KeyFilePath);

        Assert.Equal(KeyDerivation.KeyLength, key.Length);
    }

    [Fact]
    public void DeriveKey_OtherHostKey_Rejected()
    {
        string otherKeyPath = temp.File("other.key");
        HostKey.Create(otherKeyPath);
        using var store = temp.Open();

        var error = Assert.Throws<SetupException>(() => SeedVault.DeriveKey(store, otherKeyPath));

        Assert.Contains("does not match", error.Message);
        Assert.Contains(otherKeyPath, error.Message);
        Assert.Contains(temp.DatabasePath, error.Message);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(0)]
    [InlineData(33)]
    public void DeriveKey_KeyFileOfWrongSize_NamesPathAndSize(int length)
    {
        byte[] hostKey = File.ReadAllBytes(temp.KeyFilePath);
        byte[] resized = new byte[length];
        hostKey.AsSpan(0, Math.Min(length, hostKey.Length)).CopyTo(resized);
        string path = temp.File("resized.key");
        File.WriteAllBytes(path, resized);
        using var store = temp.Open();

        var error = Assert.Throws<SetupException>(() => SeedVault.DeriveKey(store, path));

        Assert.Contains(path, error.Message);
        Assert.Contains($"is {length} bytes, expected 32", error.Message);
    }

    [Fact]
    public void DeriveKey_MissingKeyFile_NamesPath()
    {
        string path = temp.File("absent.key");
        using var store = temp.Open();

        var error = Assert.Throws<SetupException>(() => SeedVault.DeriveKey(store, path));

        Assert.Contains(path, error.Message);
        Assert.Contains("not found", error.Message);
    }

    [Fact]
    public void DecryptSeed_RowCopiedToOtherUser_Fails()
    {
        byte[] aliceSeed = RandomNumberGenerator.GetBytes(20);
        using var store = temp.Open();
        temp.Enroll(store, "alice", aliceSeed, EnrolledAt);
        temp.Enroll(store, "bob", RandomNumberGenerator.GetBytes(20), EnrolledAt);
        var alice = store.FindUser("alice")!;

        Assert.True(store.PutUser("bob", alice.Seed, alice.LastStep, EnrolledAt, replace: true));
        var bob = store.FindUser("bob")!;

        Assert.Equal(alice.Seed.Ciphertext, bob.Seed.Ciphertext);
        var error = Assert.Throws<SetupException>(() => SeedVault.DecryptSeed(store, temp.KeyFilePath, bob));
        Assert.Contains("'bob'", error.Message);
        Assert.Contains(temp.DatabasePath, error.Message);
        Assert.Equal(aliceSeed, SeedVault.DecryptSeed(store, temp.KeyFilePath, alice));
    }

    [Theory]
    [InlineData("nonce")]
    [InlineData("ciphertext")]
    [InlineData("tag")]
    public void DecryptSeed_AlteredRow_Fails(string field)
    {
        using var store = temp.Open();
        temp.Enroll(store, "alice", RandomNumberGenerator.GetBytes(20), EnrolledAt);
        var stored = store.FindUser("alice")!.Seed;
        var altered = field switch
        {
            "nonce" => stored with { Nonce = FlipFirstBit(stored.Nonce) },
            "ciphertext" => stored with { Ciphertext = FlipFirstBit(stored.Ciphertext) },
            _ => stored with { Tag = FlipFirstBit(stored.Tag) },
        };
        Assert.True(store.PutUser("alice", altered, -1, EnrolledAt, replace: true));

        var user = store.FindUser("alice")!;

        Assert.Throws<SetupException>(() => SeedVault.DecryptSeed(store, temp.KeyFilePath, user));
    }

    [Fact]
    public void TryAcceptStep_LaterStep_Accepted()
    {
        using var store = temp.Open();
        temp.Enroll(store, "alice", RandomNumberGenerator.GetBytes(20), EnrolledAt);

        Assert.True(store.TryAcceptStep("alice", 0, LoginAt));
        Assert.True(store.TryAcceptStep("alice", 100, LoginAt.AddSeconds(1)));

        var user = store.FindUser("alice")!;
        Assert.Equal(100, user.LastStep);
        Assert.Equal(LoginAt.AddSeconds(1), user.LastLoginAt);
    }

    [Theory]
    [InlineData(100L)]
    [InlineData(99L)]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void TryAcceptStep_SameOrEarlierStep_Rejected(long step)
    {
        using var store = temp.Open();
        temp.Enroll(store, "alice", RandomNumberGenerator.GetBytes(20), EnrolledAt);
        Assert.True(store.TryAcceptStep("alice", 100, LoginAt));

        bool accepted = store.TryAcceptStep("alice", step, LoginAt.AddSeconds(1));

        Assert.False(accepted);
        var user = store.FindUser("alice")!;
        Assert.Equal(100, user.LastStep);
        Assert.Equal(LoginAt, user.LastLoginAt);
    }

    [Fact]
    public void TryAcceptStep_UpdatesOnlyThatUser()
    {
        using var store = temp.Open();
        temp.Enroll(store, "alice", RandomNumberGenerator.GetBytes(20), EnrolledAt);
        temp.Enroll(store, "bob", RandomNumberGenerator.GetBytes(20), EnrolledAt);

        Assert.True(store.TryAcceptStep("alice", 100, LoginAt));

        var bob = store.FindUser("bob")!;
        Assert.Equal(-1, bob.LastStep);
        Assert.Null(bob.LastLoginAt);
        Assert.True(store.TryAcceptStep("bob", 100, LoginAt));
    }

    [Fact]
    public void TryAcceptStep_UnknownUser_Rejected()
    {
        using var store = temp.Open();
        temp.Enroll(store, "alice", RandomNumberGenerator.GetBytes(20), EnrolledAt);

        Assert.False(store.TryAcceptStep("carol", 100, LoginAt));
        Assert.Null(store.FindUser("carol"));
    }

    [Fact]
    public void TryAcceptStep_SameStepRace_AcceptsOne()
    {
        const int ThreadCount = 20;
        using (var store = temp.Open())
        {
            temp.Enroll(store, "alice", RandomNumberGenerator.GetBytes(20), EnrolledAt);
        }

        // Several rounds, because one round that happens to run in sequence proves little.
        for (long step = 1000; step < 1005; step++)
        {
            long roundStep = step;
            bool[] accepted = RaceOnSeparateConnections(ThreadCount, (store, _) =>
                store.TryAcceptStep("alice", roundStep, LoginAt));

            Assert.Equal(1, accepted.Count(result => result));
        }

        using var check = temp.Open();
        Assert.Equal(1004, check.FindUser("alice")!.LastStep);
    }

    [Fact]
    public void TryAcceptStep_StepRace_KeepsHighest()
    {
        const int ThreadCount = 20;
        using (var store = temp.Open())
        {
            temp.Enroll(store, "alice", RandomNumberGenerator.GetBytes(20), EnrolledAt);
        }

        bool[] accepted = RaceOnSeparateConnections(ThreadCount, (store, index) =>
            store.TryAcceptStep("alice", 2000 + index, LoginAt));

        Assert.True(accepted[ThreadCount - 1], "the highest step must always be accepted");
        using var check = temp.Open();
        Assert.Equal(2000 + ThreadCount - 1, check.FindUser("alice")!.LastStep);
    }

    [Fact]
    public void Create_ExistingDatabase_LeftUnchanged()
    {
        byte[] before = File.ReadAllBytes(temp.DatabasePath);
        byte[] otherHostKey = RandomNumberGenerator.GetBytes(HostKey.Length);

        var error = Assert.Throws<SetupException>(
            () => SecretStore.Create(temp.DatabasePath, otherHostKey, TempStore.CheapKdf));

        Assert.Contains(temp.DatabasePath, error.Message);
        Assert.Contains("already exists", error.Message);
        Assert.Equal(before, File.ReadAllBytes(temp.DatabasePath));
        using var store = temp.Open();
        Assert.Equal(KeyDerivation.KeyLength, SeedVault.DeriveKey(store, temp.KeyFilePath).Length);
    }

    [Fact]
    public void Create_ExistingFile_LeftUnchanged()
    {
        string path = temp.File("notes.txt");
        File.WriteAllText(path, "keep me\n");
        byte[] hostKey = File.ReadAllBytes(temp.KeyFilePath);

        Assert.Throws<SetupException>(() => SecretStore.Create(path, hostKey, TempStore.CheapKdf));

        Assert.Equal("keep me\n", File.ReadAllText(path));
    }

    [Fact]
    public void Create_LeavesOnlyDatabaseFile()
    {
        var names = Directory.GetFiles(temp.Root).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(["master.key", "secrets.db"], names);
    }

    [Theory]
    [InlineData(256, 1, 0)]
    [InlineData(256, 0, 1)]
    [InlineData(7, 1, 1)]
    [InlineData(256, 1, 256)]
    public void Create_InvalidKdfParameters_FailsWithoutFile(int memoryKiB, int iterations, int parallelism)
    {
        string path = temp.File("invalid.db");
        byte[] hostKey = File.ReadAllBytes(temp.KeyFilePath);
        var parameters = new KdfParameters(memoryKiB, iterations, parallelism);

        Assert.Throws<SetupException>(() => SecretStore.Create(path, hostKey, parameters));

        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".new"));
    }

    [Fact]
    public void ReadKdf_ReturnsStoredParametersAndSalt()
    {
        var parameters = new KdfParameters(1024, 3, 2);
        string path = temp.File("custom.db");
        byte[] hostKey = File.ReadAllBytes(temp.KeyFilePath);
        SecretStore.Create(path, hostKey, parameters);

        byte[] salt;
        using (var store = SecretStore.Open(path))
        {
            var (storedParameters, storedSalt, _) = store.ReadKdf();
            salt = storedSalt;

            Assert.Equal(parameters, storedParameters);
            Assert.Equal(KdfParameters.SaltLength, salt.Length);
            Assert.Equal(KeyDerivation.DeriveKey(hostKey, salt, parameters), store.DeriveKey(hostKey, temp.KeyFilePath));
        }

        using (var reopened = SecretStore.Open(path))
        {
            Assert.Equal(salt, reopened.ReadKdf().Salt);
        }

        using var other = temp.Open();
        Assert.Equal(TempStore.CheapKdf, other.ReadKdf().Parameters);
        Assert.NotEqual(salt, other.ReadKdf().Salt);
    }

    [Fact]
    public void Create_DatabaseFileMode_Is0600()
    {
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(temp.DatabasePath));

        // SQLite gives the WAL and shared-memory files the mode of the database file.
        using var store = temp.Open();
        temp.Enroll(store, "alice", RandomNumberGenerator.GetBytes(20), EnrolledAt);
        string wal = temp.DatabasePath + "-wal";
        string shm = temp.DatabasePath + "-shm";

        Assert.True(File.Exists(wal), $"{wal} should exist while a connection is open");
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(wal));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(shm));
    }

    /// <summary>
    /// Opens one connection per thread, releases all threads at once through a barrier and returns
    /// what <paramref name="action"/> returned on each.
    /// </summary>
    private bool[] RaceOnSeparateConnections(int threadCount, Func<SecretStore, int, bool> action)
    {
        var stores = new List<SecretStore>();
        try
        {
            for (int i = 0; i < threadCount; i++)
            {
                stores.Add(temp.Open());
            }

            var results = new bool[threadCount];
            var errors = new ConcurrentQueue<Exception>();
            using var barrier = new Barrier(threadCount);
            var threads = Enumerable.Range(0, threadCount).Select(index => new Thread(() =>
            {
                try
                {
                    barrier.SignalAndWait();
                    results[index] = action(stores[index], index);
                }
                catch (Exception e)
                {
                    errors.Enqueue(e);
                }
            })).ToList();

            threads.ForEach(thread => thread.Start());
            foreach (var thread in threads)
            {
                Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "a racing thread did not finish in 60 s");
            }

            Assert.Empty(errors);
            return results;
        }
        finally
        {
            stores.ForEach(store => store.Dispose());
        }
    }

    /// <summary>Sets PRAGMA user_version with a plain connection, bypassing SecretStore.</summary>
    private static void SetUserVersion(string path, int version)
    {
        // The SQLite provider is already set, because TempStore created a database through SecretStore.
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA user_version = {version}";
        command.ExecuteNonQuery();
    }

    private static void ExecuteSql(string path, string sql)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static byte[] FlipFirstBit(byte[] bytes)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[0] ^= 0x01;
        return copy;
    }
}
