namespace Authy.Enroll.Cli;

/// <summary>Writes the program's notes, warnings and errors to standard error.</summary>
internal static class Messages
{
    public const string Program = "authy-enroll";

    public static void Error(string message) => Console.Error.WriteLine($"{Program}: {message}");

    public static void Warning(string message) => Console.Error.WriteLine($"{Program}: warning: {message}");
}
