using System.Security.Cryptography;
using System.Text;
using Authy.Totp.Store;
using Authy.Totp.Tests.TestSupport;
using OtpNet;

namespace Authy.Totp.Tests.Core;

/// <summary>
/// Checks that no file of an installation contains an enrolled seed in any common encoding, so the
/// seeds are safe from anyone who can read the database but not the host key.
/// </summary>
public sealed class NoSeedInDatabaseTests : IDisposable
{
    private readonly TestInstall install = new();

    public void Dispose() => install.Dispose();

    [Fact]
    public void ClosedInstallation_ContainsNoSeed()
    {
        var seeds = EnrollUsers();

        var files = Directory.GetFiles(install.Root, "*", SearchOption.AllDirectories);

        Assert.Contains(install.DatabasePath, files);
        AssertNoSeedIn(files, seeds);
    }

    [Fact]
    public void OpenWriteAheadLog_ContainsNoSeed()
    {
        // A connection left open keeps SQLite from checkpointing, so the new rows stay in the -wal file.
        using var reader = SecretStore.Open(install.DatabasePath);
        var seeds = EnrollUsers();

        var files = Directory.GetFiles(install.Root, "*", SearchOption.AllDirectories);

        string wal = install.DatabasePath + "-wal";
        Assert.Contains(wal, files);
        Assert.True(new FileInfo(wal).Length > 0, $"{wal} is empty, so the check below reads no rows");
        Assert.Equal(seeds.Count, reader.ListUsers().Count);
        AssertNoSeedIn(files, seeds);
    }

    /// <summary>Enrolls users with seeds of several lengths, so base32 has padding and none.</summary>
    private Dictionary<string, byte[]> EnrollUsers()
    {
        var seeds = new Dictionary<string, byte[]>
        {
            ["alice"] = RandomNumberGenerator.GetBytes(20),
            ["bob"] = RandomNumberGenerator.GetBytes(16),
            ["carol"] = RandomNumberGenerator.GetBytes(32),
            ["dave"] = RandomNumberGenerator.GetBytes(10),
        };
        foreach (var (user, seed) in seeds)
        {
            install.Enroll(user, seed);
        }

        return seeds;
    }

    private static void AssertNoSeedIn(string[] files, Dictionary<string, byte[]> seeds)
    {
        foreach (string file in files)
        {
            byte[] contents = File.ReadAllBytes(file);
            foreach (var (user, seed) in seeds)
            {
                foreach (var (encoding, needle) in Encodings(seed))
                {
                    bool found = contents.AsSpan().IndexOf(needle) >= 0;
                    Assert.False(found, $"{file} contains the seed of {user} as {encoding}");
                }
            }
        }
    }

    private static (string Encoding, byte[] Bytes)[] Encodings(byte[] seed)
    {
        string base32 = Base32Encoding.ToString(seed);
        string base64 = Convert.ToBase64String(seed);
        return
        [
            ("raw bytes", seed),
            ("base32", Ascii(base32)),
            ("base32 without padding", Ascii(base32.TrimEnd('='))),
            ("lower-case base32", Ascii(base32.ToLowerInvariant())),
            ("lower-case base32 without padding", Ascii(base32.TrimEnd('=').ToLowerInvariant())),
            ("upper-case hex", Ascii(Convert.ToHexString(seed))),
            ("lower-case hex", Ascii(Convert.ToHexStringLower(seed))),
            ("base64", Ascii(base64)),
            ("base64 without padding", Ascii(base64.TrimEnd('='))),
        ];
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
