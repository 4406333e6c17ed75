using System.Security.Cryptography;
using Authy.Enroll.Cli;
using Authy.Enroll.Input;
using Authy.Enroll.Qr;
using Authy.Totp.Config;
using Authy.Totp.Crypto;
using Authy.Totp.Store;
using Authy.Totp.Totp;

namespace Authy.Enroll.Commands;

/// <summary>
/// Enrolls one user: checks the inputs and the installation, shows the seed as an otpauth URI and QR code,
/// confirms a code from the app and only then stores the encrypted seed.
/// </summary>
/// <remarks>
/// The database is written once, at the end, so every failure before that leaves it unchanged. The seed
/// is printed only inside the URI and the QR code. The URI is a string, which cannot be zeroed.
/// </remarks>
internal static class Enrollment
{
    /// <summary>160 bits, the seed length that RFC 4226 recommends.</summary>
    public const int SeedLength = 20;

    public static int Run(EnrollRequest request)
    {
        string user = UserName.Validate(request.User);
        byte[] seed = request.Secret is null
            ? RandomNumberGenerator.GetBytes(SeedLength)
            : Base32Secret.Parse(request.Secret);
        try
        {
            return Enroll(request, user, seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    private static int Enroll(EnrollRequest request, string user, byte[] seed)
    {
        AuthyConfig config = Installation.LoadConfig(request.ConfigPath);
        using SecretStore store = Installation.OpenStore(config);
        if (!request.Force && store.FindUser(user) is not null)
        {
            throw CliException.Failure(
                $"user '{user}' is already enrolled; pass --force to replace the seed, or run " +
                $"'authy-enroll remove {user}' first");
        }

        // Deriving the key before showing the QR code makes a wrong key file fail before the user scans.
        byte[] key = Installation.DeriveKey(store, config);
        try
        {
            string uri = OtpAuthUri.Build(config.Issuer, user, Environment.MachineName, seed);
            ShowSeed(uri, request);
            long lastStep = request.NoConfirm ? SkipConfirmation(user) : Confirm(config, user, seed);
            Store(store, key, user, seed, lastStep, request.Force);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return ExitCodes.Success;
    }

    private static void ShowSeed(string uri, EnrollRequest request)
    {
        var qr = QrImages.Encode(uri);
        if (request.PngPath is not null)
        {
            QrImages.WritePng(request.PngPath, qr);
        }

        if (request.SvgPath is not null)
        {
            QrImages.WriteSvg(request.SvgPath, qr);
        }

        Console.WriteLine("Scan this QR code with the Authy app, or add the account from this URI:");
        Console.WriteLine();
        Console.WriteLine(uri);
        Console.WriteLine();
        TerminalQrCode.Write(Console.Out, qr, colored: !Console.IsOutputRedirected);
        Console.WriteLine();
    }

    private static long SkipConfirmation(string user)
    {
        Messages.Warning(
            $"--no-confirm: storing user '{user}' without checking a code from the app; if the scan failed, " +
            $"'{user}' cannot log in until enrolled again");
        return -1;
    }

    /// <returns>The matched step, stored as the last used step so the confirmation code cannot log in.</returns>
    private static long Confirm(AuthyConfig config, string user, byte[] seed)
    {
        var verifier = new TotpVerifier(TimeProvider.System, config.Window);
        Confirmation confirmation = CodePrompt.Confirm(verifier, seed);
        return confirmation.Outcome switch
        {
            ConfirmationOutcome.Confirmed => confirmation.Step,
            ConfirmationOutcome.InputEnded => throw CliException.Failure(
                $"no code was entered before the input ended, so user '{user}' was not enrolled; run enroll " +
                "again and type the code shown by the app, or pass --no-confirm"),
            _ => throw CliException.Failure(
                $"{CodePrompt.MaxAttempts} codes did not match, so user '{user}' was not enrolled; check that " +
                "the clocks of the phone and this host are correct, then run enroll again"),
        };
    }

    private static void Store(SecretStore store, byte[] key, string user, byte[] seed, long lastStep, bool force)
    {
        EncryptedSeed encrypted = SeedCipher.Encrypt(key, user, seed);
        if (!store.PutUser(user, encrypted, lastStep, DateTimeOffset.UtcNow, replace: force))
        {
            throw CliException.Failure(
                $"user '{user}' was enrolled by another process meanwhile; pass --force to replace that seed");
        }

        Console.WriteLine($"Enrolled user '{user}'.");
    }
}
