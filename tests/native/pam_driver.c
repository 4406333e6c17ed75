/*
 * pam_driver: runs the real libpam against a PAM configuration directory, answering prompts from the
 * command line and printing every step, so tests can drive pam_authy.so the way sshd or login does.
 *
 * Usage: pam_driver [-c CONFDIR] [-a ANSWER] [-x HEX]... [-n RUNS] [-f] [-s] [-q] [-D] [-r RHOST] SERVICE USER
 *   -c  load the service from CONFDIR with pam_start_confdir (Linux-PAM 1.4 or later)
 *   -a  answer for the next prompt; a prompt with no answer left fails the conversation
 *   -x  answer for the next prompt given as hex bytes, for bytes that a command line cannot carry as
 *       text (invalid UTF-8); the answer ends at the first 00 byte, as a C string does
 *   -D  set a PAM_FAIL_DELAY function that does not sleep, so failures return at once
 *   -n  run pam_start, pam_authenticate and pam_end this many times in one process
 *   -f  then fork and authenticate once more in the child, as sshd does after a password attempt
 *   -s  call pam_setcred after each successful authentication
 *   -q  pass PAM_SILENT
 *   -r  set PAM_RHOST
 *
 * Output, one line per event: "prompt: TEXT", "info: TEXT", "error: TEXT",
 * "authenticate: CODE NAME", "setcred: CODE NAME", and for -f "child exit: N" or "child signal: N".
 * Lines from the child start with "child ". The whole process is killed by SIGALRM after 60 s, so a
 * hang shows up as a missing line and a non-zero exit.
 */
#define _GNU_SOURCE
#include <security/pam_appl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ANSWERS 512

static const char *answers[MAX_ANSWERS];
static int answer_count;
static int next_answer;
static const char *line_prefix = "";
static int skip_fail_delay;

/* Called by libpam in place of its own sleep after a failure; -D asks for no delay. */
static void no_fail_delay(int status, unsigned int usec, void *data)
{
    (void)status;
    (void)usec;
    (void)data;
}

/* Decodes a hex string into a new NUL-terminated buffer, or returns NULL if it is not hex. */
static char *decode_hex(const char *hex)
{
    size_t length = strlen(hex);
    if (length % 2 != 0) {
        return NULL;
    }
    char *bytes = calloc(length / 2 + 1, 1);
    if (bytes == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < length / 2; i++) {
        unsigned int value;
        if (sscanf(hex + 2 * i, "%2x", &value) != 1) {
            free(bytes);
            return NULL;
        }
        bytes[i] = (char)value;
    }
    return bytes;
}

static int converse(int count, const struct pam_message **messages, struct pam_response **responses, void *data)
{
    (void)data;
    struct pam_response *reply = calloc((size_t)count, sizeof(*reply));
    if (reply == NULL) {
        return PAM_BUF_ERR;
    }
    for (int i = 0; i < count; i++) {
        const struct pam_message *message = messages[i];
        switch (message->msg_style) {
        case PAM_PROMPT_ECHO_OFF:
        case PAM_PROMPT_ECHO_ON:
            printf("%sprompt: %s\n", line_prefix, message->msg);
            if (next_answer >= answer_count) {
                printf("%sno answer left\n", line_prefix);
                fflush(stdout);
                for (int j = 0; j < i; j++) {
                    free(reply[j].resp);
                }
                free(reply);
                return PAM_CONV_ERR;
            }
            reply[i].resp = strdup(answers[next_answer++]);
            break;
        case PAM_ERROR_MSG:
            printf("%serror: %s\n", line_prefix, message->msg);
            break;
        case PAM_TEXT_INFO:
            printf("%sinfo: %s\n", line_prefix, message->msg);
            break;
        default:
            printf("%sunknown message style %d\n", line_prefix, message->msg_style);
            break;
        }
        fflush(stdout);
    }
    *responses = reply;
    return PAM_SUCCESS;
}

static int authenticate_once(const char *confdir, const char *service, const char *user,
                             const char *rhost, int flags, int setcred)
{
    struct pam_conv conversation = { converse, NULL };
    pam_handle_t *pamh = NULL;
    int status = confdir != NULL
        ? pam_start_confdir(service, user, &conversation, confdir, &pamh)
        : pam_start(service, user, &conversation, &pamh);
    if (status != PAM_SUCCESS) {
        printf("%spam_start: %d %s\n", line_prefix, status, pam_strerror(pamh, status));
        fflush(stdout);
        return status;
    }
    if (rhost != NULL) {
        pam_set_item(pamh, PAM_RHOST, rhost);
    }
    if (skip_fail_delay) {
        pam_set_item(pamh, PAM_FAIL_DELAY, (const void *)no_fail_delay);
    }
    status = pam_authenticate(pamh, flags);
    printf("%sauthenticate: %d %s\n", line_prefix, status, pam_strerror(pamh, status));
    fflush(stdout);
    if (status == PAM_SUCCESS && setcred) {
        int credentials = pam_setcred(pamh, PAM_ESTABLISH_CRED);
        printf("%ssetcred: %d %s\n", line_prefix, credentials, pam_strerror(pamh, credentials));
        fflush(stdout);
    }
    pam_end(pamh, status);
    return status;
}

static int run_child(const char *confdir, const char *service, const char *user, const char *rhost,
                     int flags, int setcred)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        line_prefix = "child ";
        authenticate_once(confdir, service, user, rhost, flags, setcred);
        fflush(stdout);
        _exit(0);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) < 0) {
        perror("waitpid");
        return 1;
    }
    if (WIFEXITED(status)) {
        printf("child exit: %d\n", WEXITSTATUS(status));
    } else if (WIFSIGNALED(status)) {
        printf("child signal: %d\n", WTERMSIG(status));
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *confdir = NULL;
    const char *rhost = NULL;
    int runs = 1;
    int fork_after = 0;
    int setcred = 0;
    int flags = 0;
    int option;
    while ((option = getopt(argc, argv, "c:a:x:n:fsqDr:")) != -1) {
        switch (option) {
        case 'c':
            confdir = optarg;
            break;
        case 'a':
            if (answer_count == MAX_ANSWERS) {
                fprintf(stderr, "pam_driver: at most %d answers\n", MAX_ANSWERS);
                return 2;
            }
            answers[answer_count++] = optarg;
            break;
        case 'x':
            if (answer_count == MAX_ANSWERS) {
                fprintf(stderr, "pam_driver: at most %d answers\n", MAX_ANSWERS);
                return 2;
            }
            answers[answer_count] = decode_hex(optarg);
            if (answers[answer_count] == NULL) {
                fprintf(stderr, "pam_driver: -x needs an even number of hex digits, got '%s'\n", optarg);
                return 2;
            }
            answer_count++;
            break;
        case 'D':
            skip_fail_delay = 1;
            break;
        case 'n':
            runs = atoi(optarg);
            break;
        case 'f':
            fork_after = 1;
            break;
        case 's':
            setcred = 1;
            break;
        case 'q':
            flags |= PAM_SILENT;
            break;
        case 'r':
            rhost = optarg;
            break;
        default:
            fprintf(stderr, "usage: pam_driver [-c CONFDIR] [-a ANSWER] [-x HEX]... [-n RUNS] [-f] [-s] [-q] "
                            "[-D] [-r RHOST] SERVICE USER\n");
            return 2;
        }
    }
    if (argc - optind != 2 || runs < 0) {
        fprintf(stderr, "pam_driver: expected SERVICE and USER\n");
        return 2;
    }
    alarm(60);
    const char *service = argv[optind];
    const char *user = argv[optind + 1];
    for (int i = 0; i < runs; i++) {
        authenticate_once(confdir, service, user, rhost, flags, setcred);
    }
    if (fork_after) {
        return run_child(confdir, service, user, rhost, flags, setcred);
    }
    return 0;
}
