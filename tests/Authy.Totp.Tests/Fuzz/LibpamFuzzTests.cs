using System.Text;
using Authy.Totp.Store;
using Authy.Totp.Tests.TestSupport;
using Authy.Totp.Totp;
using Microsoft.Data.Sqlite;
using OtpNet;
using Xunit.Abstractions;

namespace Authy.Totp.Tests.Fuzz;

/// <summary>
/// Fuzzing through the real libpam, module and helper: hostile conversation answers, module arguments and
/// database rows. Each case starts a helper, about 0.3 s in a 2-core container as measured with this
/// test, so these are a few hundred cases beside the in-process ones. No case may return PAM_SUCCESS,
/// crash pam_driver or the helper, or hang.
/// </summary>
public sealed class LibpamFuzzTests : IDisposable
{
    // The database is restored before each batch of four logins. That stays under the default lockout of
    // five failures, so every login reaches the code check.
    private const int AnswerBatches = 50;
    private const int RunsPerBatch = 4;

    private readonly ITestOutputHelper output;
    private readonly TestInstall install = new();
    private readonly PamDriver driver;

    /// <summary>A copy of the helper at a path of this test's own, so its log lines can be told apart.</summary>
    private readonly string helper;

    public LibpamFuzzTests(ITestOutputHelper output)
    {
        this.output = output;
        SyslogCapture.EnsureStarted();
        helper = install.File("pam_authy_helper");
        File.Copy(Artifacts.Path("pam_authy_helper"), helper);
        driver = new PamDriver(install);
        driver.WriteService($"config={install.ConfigPath} helper={helper}");
    }

    public void Dispose() => install.Dispose();

    [Fact]
    public void Answers_NeverSucceed()
    {
        string seed = install.Enroll("alice");
        byte[] enrolled = File.ReadAllBytes(install.DatabasePath);
        var inputs = new FuzzInputs(seed: 1945);
        int cases = 0;

        for (int batch = 0; batch < AnswerBatches; batch++)
        {
            File.WriteAllBytes(install.DatabasePath, enrolled);
            // The driver runs RunsPerBatch logins in one process. An empty answer takes a second prompt, so
            // each login gets two answers, and one that finds none left ends in a conversation error.
            var arguments = new List<string> { "-D", "-n", RunsPerBatch.ToString() };
            while (arguments.Count < 3 + (2 * RunsPerBatch * 2))
            {
                byte[] answer = inputs.Answer(maxLength: 600);
                if (MayBeValidCode(answer, seed))
                {
                    continue;
                }

                arguments.Add("-x");
                arguments.Add(answer.Length == 0 ? string.Empty : Convert.ToHexString(answer));
            }

            var result = driver.Authenticate("alice", [], [.. arguments]);

            int[] codes = PamDriver.Codes(result);
            Assert.True(result.ExitCode == 0, $"pam_driver exit code {result.ExitCode}: {result.Error}");
            Assert.Equal(RunsPerBatch, codes.Length);
            Assert.DoesNotContain(TestSupport.Pam.Success, codes);
            cases += codes.Length;
        }

        AssertNoHelperCrash();
        output.WriteLine($"fuzz answers through libpam: {cases} cases, 0 crashes, 0 hangs");
    }

    [Fact]
    public void ModuleArguments_NeverSucceedWithWrongCode()
    {
        string seed = install.Enroll("alice");
        byte[] enrolled = File.ReadAllBytes(install.DatabasePath);
        var inputs = new FuzzInputs(seed: 1995);
        string[] names = ["debug", "nullok", "config", "helper", "timeout", "fail_delay", "debu", "", "=", "timeout=", "config="];
        const int cases = 100;

        for (int i = 0; i < cases; i++)
        {
            string name = names[inputs.Random.Next(names.Length)];
            string value = ArgumentText(inputs.Value());
            string extra = inputs.Random.Next(3) == 0 ? name : $"{name}={value}";
            driver.WriteService($"config={install.ConfigPath} helper={helper} {extra}");
            File.WriteAllBytes(install.DatabasePath, enrolled);

            var result = driver.Authenticate("alice", [WrongCode(seed)], "-D");

            int[] codes = PamDriver.Codes(result);
            Assert.True(result.ExitCode == 0, $"pam_driver exit code {result.ExitCode} for '{extra}': {result.Error}");
            Assert.Single(codes);
            Assert.NotEqual(TestSupport.Pam.Success, codes[0]);
        }

        output.WriteLine($"fuzz module arguments through libpam: {cases} cases, 0 crashes, 0 hangs");
    }

    [Fact]
    public void DatabaseRows_FailClosed()
    {
        string seed = install.Enroll("alice");
        install.SetAuthyId("alice", 1234567);
        byte[] original = File.ReadAllBytes(install.DatabasePath);
        var inputs = new FuzzInputs(seed: 2104);
        var outcomes = new Dictionary<int, int>();
        const int cases = 40;

        for (int i = 0; i < cases; i++)
        {
            File.WriteAllBytes(install.DatabasePath, original);
            string mutation = MutateRow(install.DatabasePath, inputs);

            var result = driver.Authenticate("alice", [Oathtool.Totp(seed)], "-D");

            int[] codes = PamDriver.Codes(result);
            Assert.True(result.ExitCode == 0, $"pam_driver exit code {result.ExitCode} after {mutation}: {result.Error}");
            Assert.Single(codes);
            if (codes[0] == TestSupport.Pam.Success)
            {
                // Only a mutation that leaves the seed and the replay state usable may let the right code in.
                Assert.True(IsHarmless(mutation), $"PAM_SUCCESS after {mutation}");
            }

            outcomes[codes[0]] = outcomes.GetValueOrDefault(codes[0]) + 1;
        }

        AssertNoHelperCrash();

        output.WriteLine($"fuzz database rows through libpam: {cases} cases, 0 crashes, 0 hangs; PAM codes " +
            string.Join(", ", outcomes.Select(pair => $"{pair.Key}={pair.Value}")));
    }

    /// <summary>
    /// Checks that the helper always sent a result: a helper that crashed or hung makes the module log
    /// one of these lines with the helper's path.
    /// </summary>
    private void AssertNoHelperCrash()
    {
        string[] failures = ["helper closed the connection before sending a result", "helper did not answer in time"];
        var lines = SyslogCapture.AllLines()
            .Where(line => line.Contains($"(helper {helper},", StringComparison.Ordinal))
            .Where(line => failures.Any(failure => line.Contains(failure, StringComparison.Ordinal)))
            .ToList();
        Assert.True(lines.Count == 0, $"{lines.Count} helper crashes or hangs:\n{string.Join('\n', lines)}");
    }

    /// <summary>
    /// Returns true when the answer, as the module reads it (up to the first NUL), could normalize to a
    /// code of the window around now, give or take two steps for the time the test takes.
    /// </summary>
    private static bool MayBeValidCode(byte[] answer, string base32Seed)
    {
        int end = Array.IndexOf(answer, (byte)0);
        string text = Encoding.UTF8.GetString(answer, 0, end < 0 ? answer.Length : end);
        char[] normalized = new char[text.Length];
        string code = new(normalized, 0, Verification.CodeCheck.Normalize(text, normalized));
        if (!TotpVerifier.IsWellFormed(code))
        {
            return false;
        }

        byte[] seed = Base32Encoding.ToBytes(base32Seed);
        long now = TotpVerifier.StepAt(DateTimeOffset.UtcNow);
        return Enumerable.Range(-3, 7).Any(offset => TotpVerifier.ComputeCode(seed, now + offset) == code);
    }

    private static string WrongCode(string seed) => ((int.Parse(Oathtool.Totp(seed)) + 500000) % 1000000).ToString("D6");

    /// <summary>Keeps an argument to one word of a PAM config line: no white space, no newline.</summary>
    private static string ArgumentText(string value) =>
        new(value.Where(c => !char.IsWhiteSpace(c) && c != '\0' && c != '[' && c != ']').Take(60).ToArray());

    /// <summary>Changes one value in users, authy_ids or meta, and returns a description of the change.</summary>
    private static string MutateRow(string database, FuzzInputs inputs)
    {
        (string Table, string Column, string Where)[] targets =
        [
            ("users", "seed_nonce", "name = 'alice'"),
            ("users", "seed_ciphertext", "name = 'alice'"),
            ("users", "seed_tag", "name = 'alice'"),
            ("users", "last_step", "name = 'alice'"),
            ("users", "enrolled_at", "name = 'alice'"),
            ("users", "last_login_at", "name = 'alice'"),
            ("users", "name", "name = 'alice'"),
            ("authy_ids", "authy_id", "name = 'alice'"),
            ("meta", "value", "key = 'kdf_memory_kib'"),
            ("meta", "value", "key = 'kdf_iterations'"),
            ("meta", "value", "key = 'kdf_salt'"),
            ("meta", "value", "key = 'key_check_tag'"),
        ];
        var target = targets[inputs.Random.Next(targets.Length)];
        object value = inputs.Random.Next(6) switch
        {
            0 => inputs.RandomBytes(inputs.Random.Next(0, 40)),
            1 => inputs.Random.Next(4) switch { 0 => long.MaxValue, 1 => long.MinValue, 2 => -1L, _ => inputs.Random.NextInt64() },
            2 => inputs.Value(),
            3 => 0.5,
            4 => "alice",
            _ => DBNull.Value,
        };

        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();

        // No CHECK or NOT NULL stops the mutation: the point is what the helper does with any stored value.
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA ignore_check_constraints = ON";
            pragma.ExecuteNonQuery();
        }

        using var update = connection.CreateCommand();
        update.CommandText = $"UPDATE {target.Table} SET {target.Column} = $value WHERE {target.Where}";
        update.Parameters.AddWithValue("$value", value);
        try
        {
            update.ExecuteNonQuery();
        }
        catch (SqliteException e)
        {
            // A NOT NULL or PRIMARY KEY constraint refused the value; the row stays as it was.
            return $"{target.Table}.{target.Column} unchanged ({e.SqliteErrorCode})";
        }

        string valueText = value is byte[] bytes ? Convert.ToHexString(bytes) : value.ToString() ?? "NULL";
        return $"{target.Table}.{target.Column} = {valueText} ({value.GetType().Name})";
    }

    /// <summary>
    /// Mutations after which the right code may still be accepted: a change that was refused, or a
    /// change to a column that does not protect the seed or the replay state.
    /// </summary>
    private static bool IsHarmless(string mutation) =>
        mutation.Contains(" unchanged ", StringComparison.Ordinal) ||
        mutation.StartsWith("users.enrolled_at", StringComparison.Ordinal) ||
        mutation.StartsWith("users.last_login_at", StringComparison.Ordinal) ||
        mutation.StartsWith("users.last_step", StringComparison.Ordinal) ||
        mutation.StartsWith("authy_ids.", StringComparison.Ordinal) ||
        mutation.StartsWith("users.name = alice ", StringComparison.Ordinal);
}
