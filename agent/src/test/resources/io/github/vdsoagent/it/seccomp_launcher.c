/*
 * Test launcher: puts the whole process under a seccomp filter, as a container runtime would, then execs the
 * program given. Usage: seccomp_launcher MODE PROGRAM [ARGS...]. Every mode allows all but perf_event_open (EPERM,
 * as Docker's default profile has it); then:
 *   perf       nothing more
 *   noseccomp  seccomp(2) and prctl(PR_SET_SECCOMP) fail with EPERM: no further filter can be added
 *   enosys     seccomp(2) fails with ENOSYS (prctl(PR_SET_SECCOMP) still works)
 *   kill       seccomp(2), prctl(PR_SET_SECCOMP) and prctl(PR_SET_NO_NEW_PRIVS) kill the process
 *              (SECCOMP_RET_KILL_PROCESS), as systemd's SystemCallFilter= without SystemCallErrorNumber= does
 *   trap       the same three raise SIGSYS instead (SECCOMP_RET_TRAP), which kills a process without a handler
 * Exits 3 on an architecture it has no filter for, 4 when the filter cannot be set up.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define ARCH AUDIT_ARCH_AARCH64
#endif

#define LOAD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define FAIL_IF(value, errno_value) \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (value), 0, 1), \
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (errno_value))
#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
/* perf_event_open EPERM; seccomp(2), prctl(PR_SET_SECCOMP) and prctl(PR_SET_NO_NEW_PRIVS) answered with action. */
#define FORBID_SECCOMP(action) \
    LOAD(arch), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH, 1, 0), ALLOW, \
    LOAD(nr), FAIL_IF(__NR_perf_event_open, EPERM), \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_seccomp, 0, 1), BPF_STMT(BPF_RET | BPF_K, (action)), \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_prctl, 1, 0), ALLOW, \
    LOAD(args[0]), \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PR_SET_SECCOMP, 1, 0), \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PR_SET_NO_NEW_PRIVS, 0, 1), \
    BPF_STMT(BPF_RET | BPF_K, (action)), ALLOW

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s perf|noseccomp|enosys|kill|trap PROGRAM [ARGS...]\n", argv[0]);
        return 2;
    }
#ifndef ARCH
    fprintf(stderr, "no filter for this architecture\n");
    return 3;
#else
    struct sock_filter perf[] = {
        LOAD(arch), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH, 1, 0), ALLOW,
        LOAD(nr), FAIL_IF(__NR_perf_event_open, EPERM), ALLOW,
    };
    struct sock_filter noseccomp[] = {
        LOAD(arch), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH, 1, 0), ALLOW,
        LOAD(nr), FAIL_IF(__NR_perf_event_open, EPERM), FAIL_IF(__NR_seccomp, EPERM),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_prctl, 1, 0), ALLOW,
        LOAD(args[0]), FAIL_IF(PR_SET_SECCOMP, EPERM), ALLOW,
    };
    struct sock_filter enosys[] = {
        LOAD(arch), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH, 1, 0), ALLOW,
        LOAD(nr), FAIL_IF(__NR_perf_event_open, EPERM), FAIL_IF(__NR_seccomp, ENOSYS), ALLOW,
    };
    struct sock_filter kill[] = { FORBID_SECCOMP(SECCOMP_RET_KILL_PROCESS) };
    struct sock_filter trap[] = { FORBID_SECCOMP(SECCOMP_RET_TRAP) };
    struct sock_fprog program;
    if (strcmp(argv[1], "perf") == 0) {
        program = (struct sock_fprog) { sizeof perf / sizeof perf[0], perf };
    } else if (strcmp(argv[1], "noseccomp") == 0) {
        program = (struct sock_fprog) { sizeof noseccomp / sizeof noseccomp[0], noseccomp };
    } else if (strcmp(argv[1], "enosys") == 0) {
        program = (struct sock_fprog) { sizeof enosys / sizeof enosys[0], enosys };
    } else if (strcmp(argv[1], "kill") == 0) {
        program = (struct sock_fprog) { sizeof kill / sizeof kill[0], kill };
    } else if (strcmp(argv[1], "trap") == 0) {
        program = (struct sock_fprog) { sizeof trap / sizeof trap[0], trap };
    } else {
        fprintf(stderr, "unknown mode %s\n", argv[1]);
        return 2;
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
            || syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) != 0) {
        fprintf(stderr, "cannot set up the filter: %s\n", strerror(errno));
        return 4;
    }
    execv(argv[2], argv + 2);
    fprintf(stderr, "cannot run %s: %s\n", argv[2], strerror(errno));
    return 5;
#endif
}
