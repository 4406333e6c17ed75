using System.CommandLine;
using Authy.Enroll.Cli;

namespace Authy.Enroll.Commands;

/// <summary>The values given to <c>authy-enroll enroll</c>.</summary>
internal sealed record EnrollRequest(
    string ConfigPath,
    string User,
    string? PngPath,
    string? SvgPath,
    string? Secret,
    bool NoConfirm,
    bool Force);

/// <summary>
/// <c>authy-enroll enroll USER</c> and <c>enroll --batch FILE --out DIR</c>: the command-line definition.
/// <see cref="Enrollment"/> and <see cref="BatchEnrollment"/> do the work.
/// </summary>
internal static class EnrollCommand
{
    public static Command Create(Option<string> configOption)
    {
        var user = new Argument<string?>("USER") { Description = "Login name to enroll", Arity = ArgumentArity.ZeroOrOne };
        var png = new Option<string?>("--png")
        {
            Description = "Also write the QR code to this PNG file, with mode 0600",
            HelpName = "FILE",
        };
        var svg = new Option<string?>("--svg")
        {
            Description = "Also write the QR code to this SVG file, with mode 0600",
            HelpName = "FILE",
        };
        var secret = new Option<string?>("--secret")
        {
            Description = "Use this base32 secret (16 to 128 characters) instead of a random 160-bit one; " +
                "other local users can see it in the process list",
            HelpName = "BASE32",
        };
        var noConfirm = new Option<bool>("--no-confirm")
        {
            Description = "Store the user without asking for a code from the app",
        };
        var force = new Option<bool>("--force") { Description = "Replace the seed of a user who is already enrolled" };
        var batch = new Option<string?>("--batch")
        {
            Description = "Enroll every user of this CSV file (login name in the first column) without confirmation",
            HelpName = "FILE",
        };
        var outDirectory = new Option<string?>("--out")
        {
            Description = "With --batch: directory, created with mode 0700, for one QR code PNG per user",
            HelpName = "DIR",
        };

        var command = new Command("enroll", "Create a seed for a user, show it as a QR code and store it")
        {
            user, png, svg, secret, noConfirm, force, batch, outDirectory,
        };
        command.SetAction(parsed =>
        {
            string? batchFile = parsed.GetValue(batch);
            string? name = parsed.GetValue(user);
            if (batchFile is not null)
            {
                if (name is not null || parsed.GetValue(png) is not null || parsed.GetValue(svg) is not null ||
                    parsed.GetValue(secret) is not null)
                {
                    throw CliException.Usage("--batch takes no USER, --png, --svg or --secret; remove them");
                }

                string outPath = parsed.GetValue(outDirectory)
                    ?? throw CliException.Usage("--batch needs --out DIR for the QR code images");
                return BatchEnrollment.Run(
                    parsed.GetRequiredValue(configOption), batchFile, outPath, parsed.GetValue(force));
            }

            if (name is null)
            {
                throw CliException.Usage(
                    "enroll needs USER, or --batch FILE --out DIR; run 'authy-enroll --help' for usage");
            }

            if (parsed.GetValue(outDirectory) is not null)
            {
                throw CliException.Usage("--out works only with --batch; use --png FILE for one user");
            }

            return Enrollment.Run(new EnrollRequest(
                parsed.GetRequiredValue(configOption),
                name,
                parsed.GetValue(png),
                parsed.GetValue(svg),
                parsed.GetValue(secret),
                parsed.GetValue(noConfirm),
                parsed.GetValue(force)));
        });
        return command;
    }
}
