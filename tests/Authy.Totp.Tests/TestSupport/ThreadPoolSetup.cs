using System.Runtime.CompilerServices;

namespace Authy.Totp.Tests.TestSupport;

/// <summary>
/// Raises the thread pool's minimum for the test process. Many tests block a pool thread while a child
/// process runs, and the in-process fake API and syslog capture need free threads meanwhile; the pool
/// otherwise adds threads only about once a second, the most likely reason one fake API reply once took
/// over 10 s in a full run.
/// </summary>
internal static class ThreadPoolSetup
{
    [ModuleInitializer]
    internal static void RaiseMinimum()
    {
        ThreadPool.GetMinThreads(out int workers, out int completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(completionPorts, 64));
    }
}
