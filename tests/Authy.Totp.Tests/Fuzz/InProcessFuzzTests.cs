using System.Diagnostics;
using System.Text;
using Authy.Pam;
using Authy.Totp.Config;
using Authy.Totp.Store;
using Authy.Totp.Tests.Core;
using Authy.Totp.Totp;
using Authy.Totp.Verification;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Authy.Totp.Tests.Fuzz;

/// <summary>
/// Fuzzing of the parsers that read outside input, in-process for speed: the helper's answer decoding
/// and request parsing and the frame reader (compiled into this project from src/Pam), the code check
/// against a real store, and the config parser. Every case must end in a result or in the exception the
/// caller handles, within <see cref="MaxCaseTime"/>, and no case may accept a code outside the window.
/// </summary>
public sealed class InProcessFuzzTests : IDisposable
{
    /// <summary>A case slower than this counts as a hang.</summary>
    private static readonly TimeSpan MaxCaseTime = TimeSpan.FromSeconds(1);

    private static readonly byte[] Seed = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_025);

    private readonly ITestOutputHelper output;
    private readonly TempStore temp = new();

    public InProcessFuzzTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Answers_NeverAcceptOutsideWindow()
    {
        const int cases = 50_000;
        var inputs = new FuzzInputs(seed: 6238);
        var clock = new FakeTimeProvider(Now);
        var verifier = new TotpVerifier(clock, window: 1);
        long current = TotpVerifier.StepAt(Now);
        var validCodes = new HashSet<string>(
            Enumerable.Range(-1, 3).Select(offset => TotpVerifier.ComputeCode(Seed, current + offset)));

        // The code of the last step in the window: once it is used, every code in the window is a replay.
        string hidden = TotpVerifier.ComputeCode(Seed, current + 1);
        using SecretStore store = temp.Open();
        temp.Enroll(store, "alice", Seed, Now);
        var kinds = new Dictionary<AnswerKind, int>();
        int accepted = 0;

        RunCases(cases, "answer", i =>
        {
            // Every tenth case hides a valid code in typing noise, so acceptance is exercised too.
            byte[] payload = i % 10 == 0
                ? Encoding.UTF8.GetBytes($" {hidden[..3]}-{hidden[3..]} ")
                : inputs.Answer(HelperProtocol.MaxPayload);
            int payloadLength = payload.Length;
            using TypedAnswer answer = TypedAnswer.FromPayload(payload);

            Assert.True(payload.All(b => b == 0), "the payload was not zeroed");
            Assert.True(answer.Length <= payloadLength, $"{answer.Length} chars from {payloadLength} bytes");
            AnswerKind kind = answer.Kind;
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            string text = new(answer.Text);
            if (kind is AnswerKind.OfflineCode or AnswerKind.AuthyToken)
            {
                Assert.True(text.All(char.IsAsciiDigit), $"{kind} with non-digits: {Escape(text)}");
            }

            CodeCheckResult result = CodeCheck.Run(store, "alice", Seed, answer.Text, verifier, clock);
            if (result == CodeCheckResult.Accepted)
            {
                Assert.Contains(text, validCodes);
                accepted++;
            }

            if (kind != AnswerKind.OfflineCode)
            {
                Assert.Equal(CodeCheckResult.Malformed, result);
            }
        });

        // Only the first hidden code is accepted: the later ones, and any random hit, are replays.
        Assert.Equal(1, accepted);
        output.WriteLine($"answer kinds: {string.Join(", ", kinds.Select(pair => $"{pair.Key}={pair.Value}"))}");
    }

    [Fact]
    public void Requests_ParseOrReturnNull()
    {
        const int cases = 20_000;
        var inputs = new FuzzInputs(seed: 4226);
        byte[] valid = Encoding.UTF8.GetBytes("version=1\nuser=alice\nservice=sshd\nrhost=192.0.2.1\nconfig=/etc/authy/pam_authy.conf\ndebug=0\nnullok=1\n");
        int parsed = 0;

        RunCases(cases, "request", i =>
        {
            byte[] payload = i % 2 == 0 ? inputs.Mutate(valid, HelperProtocol.MaxPayload) : inputs.Answer(HelperProtocol.MaxPayload);
            LoginContext? login = LoginContext.Parse(payload);
            if (login is not null)
            {
                Assert.NotEmpty(login.User);
                Assert.NotEmpty(login.ConfigPath);
                Assert.DoesNotContain('\n', login.LogFields);
                parsed++;
            }
        });

        output.WriteLine($"requests parsed: {parsed} of {cases}");
    }

    [Fact]
    public void Frames_ReadOrEndCleanly()
    {
        const int cases = 20_000;
        var inputs = new FuzzInputs(seed: 9106);
        int frames = 0;

        RunCases(cases, "frame stream", i =>
        {
            byte[] stream = i % 2 == 0 ? FrameStream(inputs) : inputs.RandomBytes(inputs.Random.Next(64));
            var channel = new ModuleChannel(new MemoryStream(stream), Stream.Null);

            // Each frame read consumes at least a header, so the loop ends within stream.Length / 5 reads.
            for (int read = 0; read <= stream.Length / HelperProtocol.HeaderLength; read++)
            {
                var frame = channel.Receive();
                if (frame is null)
                {
                    return;
                }

                Assert.InRange(frame.Value.Payload.Length, 0, HelperProtocol.MaxPayload);
                frames++;
            }

            Assert.Fail("the channel returned more frames than the stream can hold");
        });

        output.WriteLine($"frames read: {frames}");
    }

    [Fact]
    public void ConfigLines_ParseOrRaiseSetupException()
    {
        const int cases = 20_000;
        var inputs = new FuzzInputs(seed: 5424);
        int valid = 0;

        RunCases(cases, "config", _ =>
        {
            var lines = new List<string>();
            int count = inputs.Random.Next(1, 6);
            for (int line = 0; line < count; line++)
            {
                lines.Add(ConfigLine(inputs));
            }

            try
            {
                AuthyConfig config = AuthyConfig.Parse("/fuzz.conf", lines);
                Assert.InRange(config.Window, 0, TotpVerifier.MaxWindow);
                Assert.InRange(config.ApiTimeout.TotalSeconds, 1, 60);
                Assert.InRange(config.PushTimeout.TotalSeconds, 5, 600);
                Assert.True(Path.IsPathFullyQualified(config.DatabasePath), config.DatabasePath);
                Assert.True(Path.IsPathFullyQualified(config.KeyFilePath), config.KeyFilePath);
                valid++;
            }
            catch (SetupException e)
            {
                Assert.DoesNotContain(e.Message, c => char.IsControl(c));
            }
        });

        output.WriteLine($"configs accepted: {valid} of {cases}");
    }

    /// <summary>Runs <paramref name="cases"/> cases, timing each, and prints the count.</summary>
    private void RunCases(int cases, string inputName, Action<int> run)
    {
        int hangs = 0;
        var total = Stopwatch.StartNew();
        for (int i = 0; i < cases; i++)
        {
            long started = Stopwatch.GetTimestamp();
            run(i);
            if (Stopwatch.GetElapsedTime(started) > MaxCaseTime)
            {
                hangs++;
            }
        }

        output.WriteLine($"fuzz {inputName}: {cases} cases, 0 crashes, {hangs} hangs, {total.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(0, hangs);
    }

    /// <summary>A few frames with random types and lengths, some of them lying about their length.</summary>
    private static byte[] FrameStream(FuzzInputs inputs)
    {
        var stream = new List<byte>();
        int frames = inputs.Random.Next(1, 5);
        for (int i = 0; i < frames; i++)
        {
            byte[] payload = inputs.RandomBytes(inputs.Random.Next(0, 300));
            int declared = inputs.Random.Next(4) switch
            {
                0 => payload.Length + inputs.Random.Next(1, 10),
                1 => inputs.Random.Next(int.MinValue, int.MaxValue),
                2 => HelperProtocol.MaxPayload + inputs.Random.Next(1, 100),
                _ => payload.Length,
            };
            stream.Add((byte)inputs.Random.Next(256));
            stream.AddRange(BitConverter.GetBytes(declared));
            stream.AddRange(payload);
        }

        return stream.ToArray();
    }

    private static string ConfigLine(FuzzInputs inputs)
    {
        IReadOnlyList<string> names = AuthyConfig.SettingNames;
        string name = inputs.Random.Next(5) == 0 ? inputs.Value() : names[inputs.Random.Next(names.Count)];
        string line = inputs.Random.Next(6) switch
        {
            0 => $"{name}{inputs.Value()}",
            1 => $"# {inputs.Value()}",
            2 => $"{name} == {inputs.Value()}",
            _ => $"{name} = {inputs.Value()}",
        };
        return inputs.Random.Next(8) == 0 ? Encoding.UTF8.GetString(inputs.Mutate(Encoding.UTF8.GetBytes(line), 1000)) : line;
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and < '\x7f' ? c.ToString() : $"\\u{(int)c:x4}"));
}
