using Authy.Totp.Store;

namespace Authy.Pam;

/// <summary>Checks a typed recovery code against the user's stored hashes and uses it up.</summary>
internal sealed class RecoveryCheck
{
    private readonly SecretStore store;
    private readonly string user;

    public RecoveryCheck(SecretStore store, string user)
    {
        this.store = store;
        this.user = user;
    }

    /// <summary>Returns true when the 10 digits match an unused code, which can then not be used again.</summary>
    public bool TryUse(ReadOnlySpan<char> digits) => store.TryUseRecoveryCode(user, digits);
}
