using System.Text;

namespace Authy.Pam;

/// <summary>The login described by the module's request frame.</summary>
internal sealed record LoginContext(
    string User,
    string Service,
    string RemoteHost,
    string ConfigPath,
    bool Debug,
    bool NullOk)
{
    /// <summary>Parses the <c>name=value</c> lines of a request, or returns null when one is missing.</summary>
    public static LoginContext? Parse(byte[] payload)
    {
        var items = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in Encoding.UTF8.GetString(payload).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = line.IndexOf('=');
            if (equals > 0)
            {
                items[line[..equals]] = line[(equals + 1)..];
            }
        }

        if (!items.TryGetValue("version", out string? version) || version != "1" ||
            !items.TryGetValue("user", out string? user) || user.Length == 0 ||
            !items.TryGetValue("config", out string? config) || config.Length == 0)
        {
            return null;
        }

        return new LoginContext(
            user,
            items.GetValueOrDefault("service", string.Empty),
            items.GetValueOrDefault("rhost", string.Empty),
            config,
            items.GetValueOrDefault("debug") == "1",
            items.GetValueOrDefault("nullok") == "1");
    }

    /// <summary>The key=value fields that identify this login in a log line.</summary>
    public string LogFields => $"user={User} rhost={RemoteHostField} service={ServiceField}";

    public string RemoteHostField => Field(RemoteHost);

    public string ServiceField => Field(Service);

    private static string Field(string value) => value.Length == 0 ? "-" : value;
}
