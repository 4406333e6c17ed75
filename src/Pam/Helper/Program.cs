using Authy.Pam;
using Authy.Totp.Logging;

// pam_authy_helper: started by pam_authy.so for one authentication, with a socket to the module on
// standard input and output. It is not meant to be run by hand.
var channel = new ModuleChannel(Console.OpenStandardInput(), Console.OpenStandardOutput());
try
{
    var frame = channel.Receive();
    LoginContext? login = frame is { Type: HelperProtocol.Request } request ? LoginContext.Parse(request.Payload) : null;
    if (login is null)
    {
        channel.Log(LogPriority.Err, "helper received no valid request; pam_authy.so and its helper may be of different versions");
        channel.SendResult(PamResult.ServiceError);
        return 1;
    }

    channel.SendResult(new LoginFlow(channel, login, TimeProvider.System).Run());
    return 0;
}
catch (IOException)
{
    // The module closed the socket because of its own timeout or because the host process ended.
    return 1;
}
catch (Exception e)
{
    channel.Log(LogPriority.Err, $"helper failed: {e.GetType().Name}: {e.Message}");
    channel.SendResult(PamResult.AuthInfoUnavailable);
    return 1;
}
