using System.Security.Cryptography;
using Authy.Totp.Crypto;
using BenchmarkDotNet.Attributes;

namespace Authy.Totp.Bench;

/// <summary>
/// Argon2id (Konscious.Security.Cryptography.Argon2) deriving the 32-byte seed-encryption key from a
/// 32-byte host key and a 16-byte salt, at the default parameters and at two heavier sets.
/// </summary>
[Config(typeof(ShortRunConfig))]
public class KeyDerivationBenchmarks
{
    private static readonly byte[] HostKey = RandomNumberGenerator.GetBytes(Crypto.HostKey.Length);
    private static readonly byte[] Salt = RandomNumberGenerator.GetBytes(KdfParameters.SaltLength);

    /// <summary>46 MiB and 1 pass: more memory than the default, but one pass fewer.</summary>
    private static readonly KdfParameters Memory46MiB1Pass = new(46 * 1024, 1, 1);

    /// <summary>64 MiB and 3 passes: about five times the default work.</summary>
    private static readonly KdfParameters Memory64MiB3Passes = new(64 * 1024, 3, 1);

    /// <summary>19 MiB, 2 passes, 1 lane: <see cref="KdfParameters.Default"/>.</summary>
    [Benchmark]
    public byte[] DeriveKeyDefault() => KeyDerivation.DeriveKey(HostKey, Salt, KdfParameters.Default);

    [Benchmark]
    public byte[] DeriveKey46MiB1Pass() => KeyDerivation.DeriveKey(HostKey, Salt, Memory46MiB1Pass);

    [Benchmark]
    public byte[] DeriveKey64MiB3Passes() => KeyDerivation.DeriveKey(HostKey, Salt, Memory64MiB3Passes);
}
