namespace Authy.Totp.Tests.TestSupport;

/// <summary>
/// The standard output and error of every program that <see cref="ProcessRunner"/> ran in this test
/// process, kept so a test can check that no secret ever reached them.
/// </summary>
public static class OutputRecorder
{
    private static readonly object Gate = new();
    private static readonly List<RecordedRun> Runs = [];

    public static void Add(string program, ProcessResult result)
    {
        lock (Gate)
        {
            Runs.Add(new RecordedRun(Path.GetFileName(program), result));
        }
    }

    /// <summary>Every run recorded so far, oldest first.</summary>
    public static IReadOnlyList<RecordedRun> All()
    {
        lock (Gate)
        {
            return Runs.ToList();
        }
    }
}

/// <summary>One finished run: the program's file name and its result.</summary>
public sealed record RecordedRun(string Program, ProcessResult Result);
