namespace Authy.Pam;

/// <summary>PAM return codes, with the values of Linux-PAM's <c>_pam_types.h</c>.</summary>
internal enum PamResult
{
    Success = 0,
    ServiceError = 3,
    SystemError = 4,
    BufferError = 5,
    PermissionDenied = 6,
    AuthError = 7,
    AuthInfoUnavailable = 9,
    UserUnknown = 10,
    MaxTries = 11,
    ConversationError = 19,
    Ignore = 25,
    Abort = 26,
}
