namespace Authy.Totp.Crypto;

/// <summary>The key derivation settings stored in a database: parameters, salt and key check.</summary>
/// <param name="KeyCheck">A known value encrypted under the derived key, to tell a wrong key file apart.</param>
public sealed record KdfSettings(KdfParameters Parameters, byte[] Salt, EncryptedSeed KeyCheck);
