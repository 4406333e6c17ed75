using Authy.Totp.Config;
using Authy.Totp.Lockout;
using Authy.Totp.Recovery;
using Authy.Totp.Store;
using Authy.Totp.Tests.Core;
using Authy.Totp.Totp;
using Microsoft.Data.Sqlite;

namespace Authy.Totp.Tests.Lockout;

/// <summary>Recovery codes, step offsets, the lockout settings and the version 3 upgrade.</summary>
public sealed class LoginStateStoreTests : IDisposable
{
    private const string ConfigPath = "/test/pam_authy.conf";

    private readonly TempStore temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Generate_TenDistinctTenDigitCodes()
    {
        string[] codes = RecoveryCodes.Generate();

        Assert.Equal(RecoveryCodes.Count, codes.Length);
        Assert.All(codes, code => Assert.True(RecoveryCodes.IsWellFormed(code), code));
        Assert.Equal(codes.Length, codes.Distinct().Count());
    }

    [Fact]
    public void Format_GroupsFiveAndFive()
    {
        Assert.Equal("01234-56789", RecoveryCodes.Format("0123456789"));
    }

    [Fact]
    public void RecoveryCode_AcceptedOnce()
    {
        using var store = temp.Open();
        store.PutRecoveryCodes("alice", ["0000012345", "9876543210"]);

        Assert.True(store.TryUseRecoveryCode("alice", "0000012345"));
        Assert.False(store.TryUseRecoveryCode("alice", "0000012345"));
        Assert.Equal(1, store.CountRecoveryCodes("alice"));
    }

    [Theory]
    [InlineData("0000012346")]
    [InlineData("000012345")]
    [InlineData("00000123456")]
    [InlineData("00000-12345")]
    [InlineData("000001234a")]
    public void RecoveryCode_OtherAnswer_Rejected(string answer)
    {
        using var store = temp.Open();
        store.PutRecoveryCodes("alice", ["0000012345"]);

        Assert.False(store.TryUseRecoveryCode("alice", answer));
        Assert.Equal(1, store.CountRecoveryCodes("alice"));
    }

    [Fact]
    public void RecoveryCode_OfOtherUser_Rejected()
    {
        using var store = temp.Open();
        store.PutRecoveryCodes("alice", ["1111122222"]);
        store.PutRecoveryCodes("bob", ["3333344444"]);

        Assert.False(store.TryUseRecoveryCode("bob", "1111122222"));
        Assert.False(store.TryUseRecoveryCode("carol", "1111122222"));
    }

    [Fact]
    public void PutRecoveryCodes_ReplacesPreviousSet()
    {
        using var store = temp.Open();
        store.PutRecoveryCodes("alice", ["1111122222", "3333344444"]);

        store.PutRecoveryCodes("alice", ["5555566666"]);

        Assert.Equal(1, store.CountRecoveryCodes("alice"));
        Assert.False(store.TryUseRecoveryCode("alice", "1111122222"));
        Assert.True(store.TryUseRecoveryCode("alice", "5555566666"));
    }

    [Fact]
    public void RecoveryCodes_StoredOnlyAsHashes()
    {
        using (var store = temp.Open())
        {
            store.PutRecoveryCodes("alice", ["1357924680"]);
        }

        byte[] file = File.ReadAllBytes(temp.DatabasePath);
        string text = System.Text.Encoding.ASCII.GetString(file);
        Assert.DoesNotContain("1357924680", text);
        Assert.DoesNotContain("13579-24680", text);
    }

    [Fact]
    public void StepOffsets_KeepNewestTen()
    {
        using var store = temp.Open();
        var start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < 12; i++)
        {
            store.RecordStepOffset("alice", i % 2 == 0 ? 1 : -1, start.AddMinutes(i));
        }

        IReadOnlyList<long> offsets = store.RecentStepOffsets("alice");

        Assert.Equal(SecretStore.KeptStepOffsets, offsets.Count);
        Assert.Equal(-1, offsets[0]);
        Assert.Equal(1, offsets[1]);
    }

    [Theory]
    [InlineData(new long[] { 1, 1, 1 }, 1)]
    [InlineData(new long[] { -1, -2, -1, 0 }, -1)]
    [InlineData(new long[] { 1, 1 }, 0)]
    [InlineData(new long[] { 1, 0, 1 }, 0)]
    [InlineData(new long[] { 1, -1, 1 }, 0)]
    [InlineData(new long[] { 0, 1, 1, 1 }, 0)]
    [InlineData(new long[] { }, 0)]
    public void ClockDrift_NeedsThreeSameSide(long[] newestFirst, int expected)
    {
        Assert.Equal(expected, ClockDrift.Detect(newestFirst));
    }

    [Fact]
    public void RemoveLoginState_ClearsEverything()
    {
        using var store = temp.Open();
        store.PutRecoveryCodes("alice", ["1111122222"]);
        store.RecordStepOffset("alice", 1, DateTimeOffset.UtcNow);
        store.ClaimAttempt("alice", LockoutPolicy.Default, DateTimeOffset.UtcNow);

        store.RemoveLoginState("alice");

        Assert.Equal(0, store.CountRecoveryCodes("alice"));
        Assert.Empty(store.RecentStepOffsets("alice"));
        Assert.Null(store.FindLockout("alice"));
    }

    [Fact]
    public void Open_Version2_UpgradesToVersion3()
    {
        ExecuteSql(temp.DatabasePath,
            "DROP TABLE login_failures; DROP TABLE recovery_codes; DROP TABLE step_offsets; PRAGMA user_version = 2;");

        using (var store = temp.Open())
        {
            store.PutRecoveryCodes("alice", ["1111122222"]);
        }

        using var reopened = temp.Open();
        Assert.Equal(1, reopened.CountRecoveryCodes("alice"));
        Assert.Equal(3L, Scalar(temp.DatabasePath, "PRAGMA user_version"));
    }

    [Fact]
    public void Config_LockoutDefaults()
    {
        var config = AuthyConfig.Parse(ConfigPath, []);

        Assert.Equal(5, config.Lockout.MaxFailures);
        Assert.Equal(TimeSpan.FromMinutes(15), config.Lockout.Window);
        Assert.Equal(TimeSpan.FromMinutes(15), config.Lockout.Duration);
    }

    [Fact]
    public void Config_LockoutSettings_ReadEach()
    {
        var config = AuthyConfig.Parse(
            ConfigPath, ["lockout_failures = 3", "lockout_window = 600", "lockout_duration = 3600"]);

        Assert.Equal(3, config.Lockout.MaxFailures);
        Assert.Equal(TimeSpan.FromMinutes(10), config.Lockout.Window);
        Assert.Equal(TimeSpan.FromHours(1), config.Lockout.Duration);
    }

    [Theory]
    [InlineData("lockout_failures = 0", "from 1 to 1000")]
    [InlineData("lockout_failures = 1001", "from 1 to 1000")]
    [InlineData("lockout_failures = five", "from 1 to 1000")]
    [InlineData("lockout_window = 29", "from 30 to 86400")]
    [InlineData("lockout_duration = 86401", "from 30 to 86400")]
    [InlineData("lockout_duration = -1", "from 30 to 86400")]
    public void Config_LockoutOutOfRange_NamesRange(string line, string range)
    {
        var error = Assert.Throws<SetupException>(() => AuthyConfig.Parse(ConfigPath, [line]));

        Assert.Contains($"{ConfigPath}:1", error.Message);
        Assert.Contains(line.Split(' ')[0], error.Message);
        Assert.Contains(range, error.Message);
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

    private static object? Scalar(string path, string sql)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
