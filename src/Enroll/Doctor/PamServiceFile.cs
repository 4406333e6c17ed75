namespace Authy.Enroll.Doctor;

/// <summary>One rule or include directive of a PAM service file, with its 1-based line number.</summary>
internal sealed record PamRule(int Line, string Type, string Control, string Module, IReadOnlyList<string> Arguments)
{
    /// <summary>True for <c>@include NAME</c>, where <see cref="Module"/> is the included file's name.</summary>
    public bool IsInclude => Type == "@include";

    public string Text => IsInclude ? $"@include {Module}" : $"{Type} {Control} {Module} {string.Join(' ', Arguments)}".TrimEnd();
}

/// <summary>The rules of a PAM service file such as /etc/pam.d/sshd, parsed as Linux-PAM reads them.</summary>
internal static class PamServiceFile
{
    /// <summary>Parses the file's rules. Comments start at '#', and a line ending in '\' continues on the next.</summary>
    public static IReadOnlyList<PamRule> Parse(IReadOnlyList<string> lines)
    {
        var rules = new List<PamRule>();
        for (int i = 0; i < lines.Count; i++)
        {
            int number = i + 1;
            string text = StripComment(lines[i]);
            while (text.EndsWith('\\') && i + 1 < lines.Count)
            {
                i++;
                text = text[..^1] + " " + StripComment(lines[i]);
            }

            PamRule? rule = ParseRule(number, text.Trim());
            if (rule is not null)
            {
                rules.Add(rule);
            }
        }

        return rules;
    }

    /// <summary>Returns true when <paramref name="rule"/> loads pam_authy.so, by path or by name.</summary>
    public static bool LoadsPamAuthy(PamRule rule) =>
        !rule.IsInclude && Path.GetFileName(rule.Module) == DoctorOptions.ModuleName;

    private static string StripComment(string line)
    {
        int hash = line.IndexOf('#');
        return hash < 0 ? line : line[..hash];
    }

    private static PamRule? ParseRule(int number, string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (text.StartsWith("@include", StringComparison.Ordinal))
        {
            string name = text["@include".Length..].Trim();
            return new PamRule(number, "@include", "", name, []);
        }

        // The type may start with '-', which makes libpam skip a missing module quietly.
        int typeEnd = IndexOfSpace(text, 0);
        if (typeEnd < 0)
        {
            return null;
        }

        string type = text[..typeEnd].TrimStart('-');
        string rest = text[typeEnd..].TrimStart();
        string control;
        if (rest.StartsWith('['))
        {
            // A bracketed control such as [success=1 default=ignore] contains spaces.
            int close = rest.IndexOf(']');
            if (close < 0)
            {
                return null;
            }

            control = rest[..(close + 1)];
            rest = rest[(close + 1)..].TrimStart();
        }
        else
        {
            int controlEnd = IndexOfSpace(rest, 0);
            if (controlEnd < 0)
            {
                return null;
            }

            control = rest[..controlEnd];
            rest = rest[controlEnd..].TrimStart();
        }

        string[] words = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? null : new PamRule(number, type, control, words[0], words[1..]);
    }

    private static int IndexOfSpace(string text, int start) => text.IndexOfAny([' ', '\t'], start);
}
