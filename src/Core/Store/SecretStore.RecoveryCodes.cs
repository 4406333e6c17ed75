using System.Security.Cryptography;
using Authy.Totp.Crypto;
using Authy.Totp.Recovery;

namespace Authy.Totp.Store;

/// <summary>The hashes of each user's recovery codes, in the <c>recovery_codes</c> table.</summary>
public sealed partial class SecretStore
{
    /// <summary>
    /// Replaces the user's recovery codes with <paramref name="codes"/> (digits only), stored as Argon2id
    /// hashes under a new salt, in one transaction.
    /// </summary>
    public void PutRecoveryCodes(string name, IReadOnlyList<string> codes)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(KdfParameters.SaltLength);
        var hashes = codes.Select(code => RecoveryCodes.Hash(code, salt)).ToList();
        InTransaction(() =>
        {
            RemoveRecoveryCodes(name);
            foreach (byte[] hash in hashes)
            {
                using var insert = Command("INSERT INTO recovery_codes (name, salt, hash) VALUES ($name, $salt, $hash)");
                insert.Parameters.AddWithValue("$name", name);
                insert.Parameters.AddWithValue("$salt", salt);
                insert.Parameters.AddWithValue("$hash", hash);
                insert.ExecuteNonQuery();
            }
        });
    }

    /// <summary>
    /// Accepts a recovery code (digits only) at most once: its hash is deleted by one statement, so of two
    /// logins racing with the same code exactly one gets the row.
    /// </summary>
    /// <returns>True when the code matched an unused recovery code, which is now used up.</returns>
    public bool TryUseRecoveryCode(string name, ReadOnlySpan<char> digits)
    {
        if (!RecoveryCodes.IsWellFormed(digits))
        {
            return false;
        }

        byte[]? salt;
        using (var select = Command("SELECT salt FROM recovery_codes WHERE name = $name LIMIT 1"))
        {
            select.Parameters.AddWithValue("$name", name);
            salt = select.ExecuteScalar() as byte[];
        }

        if (salt is null)
        {
            return false;
        }

        using var delete = Command("DELETE FROM recovery_codes WHERE name = $name AND hash = $hash");
        delete.Parameters.AddWithValue("$name", name);
        delete.Parameters.AddWithValue("$hash", RecoveryCodes.Hash(digits, salt));
        return delete.ExecuteNonQuery() == 1;
    }

    /// <summary>Returns how many unused recovery codes the user has.</summary>
    public int CountRecoveryCodes(string name)
    {
        using var command = Command("SELECT COUNT(*) FROM recovery_codes WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        return (int)(long)command.ExecuteScalar()!;
    }

    /// <summary>Deletes the user's recovery codes and returns how many there were.</summary>
    public int RemoveRecoveryCodes(string name)
    {
        using var command = Command("DELETE FROM recovery_codes WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteNonQuery();
    }
}
