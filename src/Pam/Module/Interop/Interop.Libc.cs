using System.Runtime.InteropServices;

namespace Authy.Pam;

internal static unsafe partial class Interop
{
    /// <summary>glibc, from <c>sys/socket.h</c>, <c>spawn.h</c>, <c>poll.h</c> and <c>sys/wait.h</c>.</summary>
    internal static partial class Libc
    {
        internal const int AF_UNIX = 1;
        internal const int SOCK_STREAM = 1;
        internal const int SOCK_CLOEXEC = 0x80000;
        internal const int MSG_NOSIGNAL = 0x4000;
        internal const int O_WRONLY = 1;
        internal const short POLLIN = 0x1;
        internal const int WNOHANG = 1;
        internal const int SIGKILL = 9;
        internal const int EINTR = 4;
        internal const int ECHILD = 10;
        internal const int X_OK = 1;
        internal const short POSIX_SPAWN_SETSIGDEF = 0x04;
        internal const short POSIX_SPAWN_SETSIGMASK = 0x08;

        // Opaque glibc types, sized generously: posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t
        // 336 and sigset_t 128 on x86-64.
        internal const int FileActionsSize = 256;
        internal const int SpawnAttrSize = 512;
        internal const int SigsetSize = 128;

        [StructLayout(LayoutKind.Sequential)]
        internal struct pollfd
        {
            public int fd;
            public short events;
            public short revents;
        }

        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static partial int socketpair(int domain, int type, int protocol, int* sv);

        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static partial nint send(int fd, byte* buffer, nuint length, int flags);

        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static partial nint recv(int fd, byte* buffer, nuint length, int flags);

        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static partial int poll(pollfd* fds, nuint nfds, int timeout);

        [LibraryImport(Libraries.Libc)]
        internal static partial int close(int fd);

        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static partial int waitpid(int pid, int* status, int options);

        [LibraryImport(Libraries.Libc)]
        internal static partial int kill(int pid, int signal);

        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static partial int access(byte* path, int mode);

        [LibraryImport(Libraries.Libc)]
        internal static partial int posix_spawn(
            int* pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

        [LibraryImport(Libraries.Libc)]
        internal static partial int posix_spawn_file_actions_init(void* fileActions);

        [LibraryImport(Libraries.Libc)]
        internal static partial int posix_spawn_file_actions_destroy(void* fileActions);

        [LibraryImport(Libraries.Libc)]
        internal static partial int posix_spawn_file_actions_adddup2(void* fileActions, int fd, int newFd);

        [LibraryImport(Libraries.Libc)]
        internal static partial int posix_spawn_file_actions_addopen(
            void* fileActions, int fd, byte* path, int flags, uint mode);

        [LibraryImport(Libraries.Libc)]
        internal static partial int posix_spawn_file_actions_addclosefrom_np(void* fileActions, int from);

        [LibraryImport(Libraries.Libc)]
        internal static partial int posix_spawnattr_init(void* attributes);

        [LibraryImport(Libraries.Libc)]
        internal static partial int posix_spawnattr_destroy(void* attributes);

        [LibraryImport(Libraries.Libc)]
        internal static partial int posix_spawnattr_setflags(void* attributes, short flags);

        [LibraryImport(Libraries.Libc)]
        internal static partial int posix_spawnattr_setsigmask(void* attributes, void* sigmask);

        [LibraryImport(Libraries.Libc)]
        internal static partial int posix_spawnattr_setsigdefault(void* attributes, void* sigdefault);

        [LibraryImport(Libraries.Libc)]
        internal static partial int sigemptyset(void* set);

        [LibraryImport(Libraries.Libc)]
        internal static partial int sigfillset(void* set);

        [LibraryImport(Libraries.Libc)]
        internal static partial void explicit_bzero(void* buffer, nuint length);

        [LibraryImport(Libraries.Libc)]
        internal static partial void free(void* pointer);

        [LibraryImport(Libraries.Libc)]
        internal static partial void* malloc(nuint size);

        [LibraryImport(Libraries.Libc)]
        internal static partial nuint strlen(byte* text);
    }
}
