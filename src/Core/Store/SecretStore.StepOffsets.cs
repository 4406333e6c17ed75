namespace Authy.Totp.Store;

/// <summary>
/// The step offsets of accepted codes (matched step minus current step), in the <c>step_offsets</c>
/// table, from which <c>authy-enroll status</c> detects a drifting phone clock.
/// </summary>
public sealed partial class SecretStore
{
    /// <summary>Number of offsets kept per user; older ones are deleted.</summary>
    public const int KeptStepOffsets = 10;

    /// <summary>Records the offset of an accepted code and drops all but the newest offsets of the user.</summary>
    public void RecordStepOffset(string name, long offset, DateTimeOffset now)
    {
        using var insert = Command(
            "INSERT INTO step_offsets (name, accepted_at, step_offset) VALUES ($name, $now, $offset)");
        insert.Parameters.AddWithValue("$name", name);
        insert.Parameters.AddWithValue("$now", now.ToUnixTimeSeconds());
        insert.Parameters.AddWithValue("$offset", offset);
        insert.ExecuteNonQuery();

        using var trim = Command(
            "DELETE FROM step_offsets WHERE name = $name AND rowid NOT IN " +
            "(SELECT rowid FROM step_offsets WHERE name = $name ORDER BY accepted_at DESC, rowid DESC LIMIT $keep)");
        trim.Parameters.AddWithValue("$name", name);
        trim.Parameters.AddWithValue("$keep", KeptStepOffsets);
        trim.ExecuteNonQuery();
    }

    /// <summary>Returns the user's recorded offsets, newest first.</summary>
    public IReadOnlyList<long> RecentStepOffsets(string name)
    {
        using var command = Command(
            "SELECT step_offset FROM step_offsets WHERE name = $name ORDER BY accepted_at DESC, rowid DESC");
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        var offsets = new List<long>();
        while (reader.Read())
        {
            offsets.Add(reader.GetInt64(0));
        }

        return offsets;
    }

    /// <summary>Deletes the user's lockout counter, recovery codes and offsets, when the user is removed.</summary>
    public void RemoveLoginState(string name)
    {
        ResetFailures(name);
        RemoveRecoveryCodes(name);
        using var command = Command("DELETE FROM step_offsets WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        command.ExecuteNonQuery();
    }
}
