using System.Runtime.InteropServices;
using System.Text;

namespace Authy.Pam;

/// <summary>The PAM items the helper needs, read from the handle and sent as the request frame.</summary>
internal static unsafe class LoginRequest
{
    /// <summary>Builds the request payload: one <c>name=value</c> line per item.</summary>
    public static byte[] Build(IntPtr pamh, string user, ModuleArguments arguments)
    {
        var text = new StringBuilder();
        Append(text, "version", "1");
        Append(text, "user", user);
        Append(text, "service", Item(pamh, Interop.Pam.PAM_SERVICE));
        Append(text, "rhost", Item(pamh, Interop.Pam.PAM_RHOST));
        Append(text, "ruser", Item(pamh, Interop.Pam.PAM_RUSER));
        Append(text, "tty", Item(pamh, Interop.Pam.PAM_TTY));
        Append(text, "config", arguments.ConfigPath);
        Append(text, "debug", arguments.Debug ? "1" : "0");
        Append(text, "nullok", arguments.NullOk ? "1" : "0");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Returns true for a user name that can be sent and stored: no control characters.</summary>
    public static bool IsAcceptableUser(string user) =>
        user.Length is > 0 and <= 256 && !user.Any(char.IsControl);

    private static string Item(IntPtr pamh, int type)
    {
        if (Interop.Pam.pam_get_item(pamh, type, out void* item) != 0 || item == null)
        {
            return string.Empty;
        }

        return Marshal.PtrToStringUTF8((IntPtr)item) ?? string.Empty;
    }

    private static void Append(StringBuilder text, string name, string value)
    {
        text.Append(name).Append('=').Append(LogText.Sanitize(value)).Append('\n');
    }
}
