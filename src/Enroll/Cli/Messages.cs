namespace Authy.Enroll.Cli;

/// <summary>Writes the program's notes, warnings and errors to standard error.</summary>
internal static class Messages
{
    public const string Program = "authy-enroll";

    public static void Error(string message) => Console.Error.WriteLine($"{Program}: {message}");

    /// <summary>Writes a fact that the user should notice but that needs no action, such as a replaced value.</summary>
    public static void Note(string message) => Console.Error.WriteLine($"{Program}: note: {message}");

    public static void Warning(string message) => Console.Error.WriteLine($"{Program}: warning: {message}");
}
