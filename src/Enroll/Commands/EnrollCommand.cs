using System.CommandLine;

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
/// <c>authy-enroll enroll USER</c>: the command-line definition. <see cref="Enrollment"/> does the work.
/// </summary>
internal static class EnrollCommand
{
    public static Command Create(Option<string> configOption)
    {
        var user = new Argument<string>("USER") { Description = "Login name to enroll" };
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

        var command = new Command("enroll", "Create a seed for a user, show it as a QR code and store it")
        {
            user, png, svg, secret, noConfirm, force,
        };
        command.SetAction(parsed => Enrollment.Run(new EnrollRequest(
            parsed.GetRequiredValue(configOption),
            parsed.GetRequiredValue(user),
            parsed.GetValue(png),
            parsed.GetValue(svg),
            parsed.GetValue(secret),
            parsed.GetValue(noConfirm),
            parsed.GetValue(force))));
        return command;
    }
}
