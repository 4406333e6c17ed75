using System.Security.Cryptography;
using Authy.Totp.Crypto;
using BenchmarkDotNet.Attributes;

namespace Authy.Totp.Bench;

/// <summary>
/// AES-256-GCM decryption of one 20-byte seed with a key that is already derived, so without Argon2id.
/// </summary>
[Config(typeof(ShortRunConfig))]
public class SeedCipherBenchmarks
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(KeyDerivation.KeyLength);
    private static readonly EncryptedSeed Encrypted = SeedCipher.Encrypt(Key, BenchStore.User, BenchStore.Seed);

    [Benchmark]
    public byte[]? DecryptSeed() => SeedCipher.Decrypt(Key, BenchStore.User, Encrypted);
}
