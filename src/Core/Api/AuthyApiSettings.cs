namespace Authy.Totp.Api;

/// <summary>Connection settings of the Authy API client, from the configuration file.</summary>
/// <param name="BaseUri">API root, <c>https://api.authy.com</c> unless configured.</param>
/// <param name="Timeout">Limit for connecting and for each whole request.</param>
/// <param name="Proxy">HTTP proxy, or null for a direct connection. The environment is never read, because PAM
/// does not pass it to modules.</param>
/// <param name="CaFile">PEM file of trusted root certificates in place of the system store, or null.</param>
public sealed record AuthyApiSettings(Uri BaseUri, TimeSpan Timeout, Uri? Proxy, string? CaFile);
