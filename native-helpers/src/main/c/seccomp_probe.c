/*
 * The seccomp probe of vdso-agent's kernel check: which clock reads of the vDSO stay in user space and which enter
 * the kernel, measured without privileges, perf counters or tracefs.
 *
 * The probe runs in a short-lived child process that shares the JVM's memory but is a thread group of its own:
 * clone(CLONE_VM | CLONE_VFORK), as posix_spawn starts its child, on a stack mapped here with a guard page. The child
 * blocks every signal, sets PR_SET_NO_NEW_PRIVS on itself and installs a seccomp filter (no
 * SECCOMP_FILTER_FLAG_TSYNC) that fails clock_gettime, gettimeofday and time with PROBE_ERRNO, an errno the kernel
 * never returns for them; every other system call, and every other architecture's, passes unchanged. It then calls
 * the vDSO's functions: a read that comes back with PROBE_ERRNO entered the kernel, one that returns a time stayed in
 * user space. It writes what it saw into the caller's memory and exits; the caller, suspended by CLONE_VFORK until
 * then, reaps it and reads the results. Filter and no-new-privs bit belong to the child alone, so no JVM thread ever
 * carries either.
 *
 * Why a process and not a thread: where the JVM already runs under a seccomp filter whose action for
 * prctl(PR_SET_NO_NEW_PRIVS / PR_SET_SECCOMP) or seccomp(2) is to kill (SECCOMP_RET_KILL_PROCESS, _KILL_THREAD) or
 * to trap (SIGSYS), as a systemd unit's SystemCallFilter= without SystemCallErrorNumber= has it, a probe thread would
 * take the whole JVM down; an unprivileged process cannot read its filter to check first. The child's SIGSYS, or its
 * kill, ends the child alone: the caller sees it from waitpid and returns STAGE_CHILD_KILLED with the signal and the
 * step the child was at.
 *
 * What that relies on, checked before a child is started (the kernel by kernel.SeccompProbe, the C library here):
 *  - Linux 5.16 or later where the JVM runs under a filter. A filter's kill dumps core, and before 5.16 (commit
 *    "coredump: Limit coredumps to a single thread group") a core dump killed every process sharing the dumper's
 *    memory: the JVM with the child. Without a filter nothing but the probe's own, which never kills, decides.
 *  - A C library whose clone() leaves the caller's thread alone: glibc 2.3.4 to 2.24 cached the pid and tid in the
 *    thread's TCB and, for a CLONE_VM child, wrote -1 to both, and the child's TCB is the caller's: the JVM's thread
 *    would have kept a wrong cached tid ever after. musl's clone() writes nothing there.
 * The child also lowers its own RLIMIT_CORE (a process's own limit) to 1 before anything a filter may kill, so that
 * its core dump, which would hold the JVM's whole memory, is never written: neither to a file (a limit under a page)
 * nor to a core_pattern pipe (1 is the kernel's "abort this core" mark).
 *
 * The vDSO's own syscall fallback returns the raw negative errno (-PROBE_ERRNO), libc's syscall() -1 with errno
 * set: both mean "entered the kernel". Every failure comes back as a stage and an errno that Java puts into words.
 */
#define _GNU_SOURCE
#include <jni.h>
#include <errno.h>
#include <link.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif

#define EXPORT __attribute__((visibility("default")))

/* The errno the filter answers with: the largest the kernel passes on (MAX_ERRNO), never a time call's own. */
#define PROBE_ERRNO 4095
/* A clock id no kernel knows, for the self-test's direct system call: strace shows it apart from the probed ones. */
#define MARKER_CLOCK 0x5ecc
/* Clock ids the probe takes: the kernel's static ones (MAX_CLOCKS is 16); negative ids are per-process CPU clocks. */
#define MAX_CLOCK_ID 15
#define MAX_CLOCKS 16
#define MAX_READS 1000
/* The child's stack, above a guard page; its deepest frames are a read through the vDSO inside the probe loop. */
#define PROBE_STACK (64 * 1024)

/* What probe0 returns; mirrored by io.github.vdsoagent.boot.SeccompNative. */
enum stage {
    STAGE_DONE = 0,
    STAGE_BAD_ARGUMENTS = 1,
    STAGE_UNSUPPORTED_ARCH = 2,
    STAGE_NOT_IN_VDSO = 3,
    STAGE_CHILD_CREATE = 4,
    STAGE_CHILD_WAIT = 5,
    STAGE_NO_NEW_PRIVS = 6,
    STAGE_INSTALL = 7,
    STAGE_NOT_INTERCEPTED = 8,
    STAGE_SIGNAL_MASK = 9,
    STAGE_CHILD_STACK = 10,
    STAGE_CHILD_KILLED = 11,
    STAGE_CHILD_LOST = 12,
    STAGE_OLD_LIBC = 13
};

/* What the child was doing last, for a child that a signal ended; mirrored by SeccompNative too. */
enum step {
    STEP_NONE = 0,
    STEP_SIGNAL_MASK = 1,
    STEP_NAME = 2,
    STEP_CORE_LIMIT = 3,
    STEP_NO_NEW_PRIVS = 4,
    STEP_SECCOMP = 5,
    STEP_PRCTL_SECCOMP = 6,
    STEP_MARKER = 7,
    STEP_READS = 8,
    STEP_EXIT = 9
};

/* The state of one probed function or clock. */
enum entry_state { ENTRY_NOT_RUN = 0, ENTRY_DONE = 1, ENTRY_ABSENT = 2, ENTRY_FAILED = 3 };

/* The long[] out: a header, then one entry per clock, then gettimeofday, then time. */
enum header { H_ERRNO, H_SECCOMP_ERRNO, H_CHILD_PID, H_MARKER_RESULT, H_CHILD_SIGNAL, H_CHILD_STEP, HEADER };
enum field { F_STATE, F_READS, F_ENTERED, F_ERRNO, F_TIMED_READS, F_TIMED_NANOS, FIELDS };

#if defined(__x86_64__)
#define PROBE_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define PROBE_AUDIT_ARCH AUDIT_ARCH_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#define PROBE_AUDIT_ARCH AUDIT_ARCH_RISCV64
#endif

typedef int (*clock_gettime_fn)(clockid_t, struct timespec *);
typedef int (*gettimeofday_fn)(struct timeval *, void *);
typedef time_t (*time_fn)(time_t *);

struct entry {
    int state, reads, entered, error;
    long timed_reads, timed_nanos;
};

struct probe {
    clock_gettime_fn clock_gettime;
    gettimeofday_fn gettimeofday;
    time_fn time;
    int clocks[MAX_CLOCKS];
    int clock_count, reads, through_syscalls, has_gettimeofday, has_time;
    /* Written by the child, read once the caller has reaped it; child_pid and child_signal by the caller. */
    int stage, error, seccomp_error, step, finished, child_signal;
    long child_pid, marker_result;
    struct entry entries[MAX_CLOCKS + 2];
};

#ifdef PROBE_AUDIT_ARCH
enum read_result { READ_USER, READ_KERNEL, READ_FAILED };

/*
 * One call's outcome: 0 (or, for time, any second) is user space; PROBE_ERRNO, raw or through errno, the kernel.
 * errno is cleared before each call, so a raw -1 (-EPERM from the vDSO's fallback) is not mistaken for libc's -1.
 */
static enum read_result classify(long result, int *error) {
    if (result == -PROBE_ERRNO || (result == -1 && errno == PROBE_ERRNO)) {
        return READ_KERNEL;
    }
    *error = result == -1 && errno != 0 ? errno : (int) -result;
    return READ_FAILED;
}

static enum read_result read_clock(const struct probe *p, int clock, int *error) {
    struct timespec ts;
    errno = 0;
    long result = p->through_syscalls ? syscall(SYS_clock_gettime, clock, &ts) : p->clock_gettime(clock, &ts);
    return result == 0 ? READ_USER : classify(result, error);
}

static enum read_result read_gettimeofday(const struct probe *p, int *error) {
    struct timeval tv;
    errno = 0;
    long result = p->through_syscalls ? syscall(SYS_gettimeofday, &tv, NULL) : p->gettimeofday(&tv, NULL);
    return result == 0 ? READ_USER : classify(result, error);
}

static enum read_result read_time(const struct probe *p, int *error) {
    errno = 0;
#ifdef SYS_time
    long result = p->through_syscalls ? syscall(SYS_time, NULL) : (long) p->time(NULL);
#else
    long result = (long) p->time(NULL);
#endif
    return result >= 0 ? READ_USER : classify(result, error);
}

/* CLOCK_MONOTONIC through the vDSO for timing the reads; -1 when that read itself enters the kernel. */
static long now_nanos(const struct probe *p) {
    struct timespec ts;
    if (p->clock_gettime == NULL || p->clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        return -1;
    }
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

/*
 * What timing costs by itself: the least of a few back-to-back pairs, taken off each timed batch. -1 if the timer
 * cannot be read in user space; then nothing is timed, and its one refused system call is the only one it makes.
 */
static long timer_overhead(const struct probe *p) {
    long least = -1;
    for (int i = 0; i < 3; i++) {
        long start = now_nanos(p);
        if (start < 0) {
            return -1;
        }
        long end = now_nanos(p);
        if (end < 0) {
            return -1;
        }
        if (least < 0 || end - start < least) {
            least = end - start;
        }
    }
    return least;
}

/* which: a clock id, or -1 for gettimeofday, -2 for time. One read first (cold code, cold cache), then a timed batch. */
static void probe_one(const struct probe *p, int which, long overhead, struct entry *e) {
    int total = 1 + p->reads;
    long start = -1;
    e->reads = e->entered = 0;
    for (int i = 0; i < total; i++) {
        if (i == 1 && overhead >= 0) {
            start = now_nanos(p);
        }
        int error = 0;
        enum read_result r = which >= 0 ? read_clock(p, which, &error)
            : which == -1 ? read_gettimeofday(p, &error) : read_time(p, &error);
        e->reads++;
        if (r == READ_KERNEL) {
            e->entered++;
        } else if (r == READ_FAILED && e->state != ENTRY_FAILED) {
            e->state = ENTRY_FAILED;
            e->error = error;
        }
    }
    long end = start >= 0 ? now_nanos(p) : -1;
    if (e->state != ENTRY_FAILED) {
        e->state = ENTRY_DONE;
    }
    if (e->state == ENTRY_DONE && e->entered == 0 && start >= 0 && end >= start) {
        e->timed_reads = p->reads;
        e->timed_nanos = end - start > overhead ? end - start - overhead : 0;
    }
}

#ifdef __NR_time
#define TIME_CALLS 1
#else
#define TIME_CALLS 0
#endif
/* Instruction indexes of the filter below: load arch, check it, load nr, one check per call, allow, fail. */
#define ALLOW_AT (5 + TIME_CALLS)
#define FAIL_AT (ALLOW_AT + 1)

static int install_filter(struct probe *p) {
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PROBE_AUDIT_ARCH, 0, ALLOW_AT - 2),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clock_gettime, FAIL_AT - 4, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_gettimeofday, FAIL_AT - 5, 0),
#ifdef __NR_time
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_time, FAIL_AT - 6, 0),
#endif
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (PROBE_ERRNO & SECCOMP_RET_DATA)),
    };
    _Static_assert(sizeof code / sizeof code[0] == FAIL_AT + 1, "jump offsets match the filter's length");
    struct sock_fprog program = { .len = (unsigned short) (sizeof code / sizeof code[0]), .filter = code };
    /* seccomp(2) since Linux 3.17; prctl before it, or where an existing filter answers ENOSYS for seccomp(2). */
    p->step = STEP_SECCOMP;
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) == 0) {
        return 1;
    }
    p->seccomp_error = errno;
    if (errno == ENOSYS) {
        p->step = STEP_PRCTL_SECCOMP;
        if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0) == 0) {
            return 1;
        }
    }
    p->error = errno;
    return 0;
}

/*
 * The child, from its first instruction: it shares the JVM's memory, so nothing here takes a lock or allocates (no
 * malloc, stdio or pthread call); raw system calls (glibc's syscall() and thin wrappers) and the vDSO's functions
 * are all it uses. Its thread pointer is the caller's, so errno, which syscall() and the wrappers set, lands in the
 * calling thread's TLS: harmless, as that thread is suspended until the child has exited and reads nothing of it.
 * p->step is written before each call a filter may kill, for the caller to tell where the child ended.
 */
static int run_child(void *arg) {
    struct probe *p = arg;
    /*
     * Every signal blocked, through the kernel directly (glibc's sigprocmask would leave its own two open): the
     * caller blocked them before clone already, so none of the JVM's handlers, which the child inherits, can ever
     * run here on the JVM's thread pointer. A SIGSYS that a filter forces on the child then takes its default
     * action, which ends the child alone.
     */
    uint64_t all = ~(uint64_t) 0;
    p->step = STEP_SIGNAL_MASK;
    if (syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, NULL, sizeof all) != 0) {
        p->error = errno;
        p->stage = STAGE_SIGNAL_MASK;
        goto out;
    }
    p->step = STEP_NAME;
    prctl(PR_SET_NAME, "vdso-seccomp", 0, 0, 0); /* for ps, strace, audit logs and the tests; failing changes nothing */
    /*
     * This process's own RLIMIT_CORE (the child has its own rlimits; the JVM's stay as they are): 1, or 0 where the
     * hard limit is 0, so that a core dump of the child, the JVM's memory, is never written. Failing changes nothing
     * else; a core dump then stays as the JVM's own limit and core_pattern allow.
     */
    p->step = STEP_CORE_LIMIT;
    struct rlimit core;
    if (getrlimit(RLIMIT_CORE, &core) == 0) { /* 0 too becomes 1: a core_pattern pipe gets its dump at 0 */
        core.rlim_cur = core.rlim_max == 0 ? 0 : 1;
        setrlimit(RLIMIT_CORE, &core);
    }
    p->step = STEP_NO_NEW_PRIVS;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        p->error = errno;
        p->stage = STAGE_NO_NEW_PRIVS;
        goto out;
    }
    if (!install_filter(p)) {
        p->stage = STAGE_INSTALL;
        goto out;
    }
    /* The filter must answer a real system call before any read is judged by it. */
    p->step = STEP_MARKER;
    struct timespec ts;
    errno = 0;
    p->marker_result = syscall(SYS_clock_gettime, MARKER_CLOCK, &ts);
    if (p->marker_result != -1 || errno != PROBE_ERRNO) {
        p->error = p->marker_result == -1 ? errno : 0;
        p->stage = STAGE_NOT_INTERCEPTED;
        goto out;
    }
    p->step = STEP_READS;
    long overhead = timer_overhead(p);
    for (int i = 0; i < p->clock_count; i++) {
        probe_one(p, p->clocks[i], overhead, &p->entries[i]);
    }
    if (p->has_gettimeofday) {
        probe_one(p, -1, overhead, &p->entries[p->clock_count]);
    }
    if (p->has_time) {
        probe_one(p, -2, overhead, &p->entries[p->clock_count + 1]);
    }
    p->stage = STAGE_DONE;
out:
    p->step = STEP_EXIT;
    p->finished = 1;
    /* The exit system call itself: glibc's exit runs the JVM's atexit handlers, its _exit is exit_group. */
    syscall(SYS_exit, 0);
    return 0; /* not reached; glibc's clone would make the same exit system call with it */
}

/*
 * glibc 2.3.4 to 2.24 (major * 1000 + minor below 2025): clone() with CLONE_VM wrote -1 to the pid and tid that
 * glibc cached in the TCB, which a CLONE_VM child shares with the caller; from 2.25 glibc caches neither. Returns
 * the version so read, or -1 where there is none to read (not glibc, or an unexpected version string).
 */
static int libc_version(void) {
#ifdef __GLIBC__
    const char *version = gnu_get_libc_version();
    char *end;
    long major = strtol(version, &end, 10);
    if (end == version || *end != '.') {
        return -1;
    }
    const char *rest = end + 1;
    long minor = strtol(rest, &end, 10);
    if (end == rest || major < 0 || major > 100 || minor < 0 || minor > 999) {
        return -1;
    }
    return (int) (major * 1000 + minor);
#else
    return -1;
#endif
}

static int libc_clone_is_safe(int version) {
#ifdef __GLIBC__
    return version >= 2025;
#else
    (void) version;
    return 1;
#endif
}

/* The caller's side: maps the child's stack, starts the child with every signal blocked, waits for it, unmaps. */
static void run_in_child(struct probe *p) {
    int version = libc_version();
    if (!libc_clone_is_safe(version)) {
        p->stage = STAGE_OLD_LIBC;
        p->error = version;
        return;
    }
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0 || page > (1L << 20)) {
        page = 64 * 1024; /* the largest page an architecture here uses; any guard is page-aligned anyway */
    }
    size_t size = (size_t) page + ((PROBE_STACK + (size_t) page - 1) / (size_t) page) * (size_t) page;
    char *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) {
        p->stage = STAGE_CHILD_STACK;
        p->error = errno;
        return;
    }
    if (mprotect(stack, (size_t) page, PROT_NONE) != 0) { /* the guard page, at the bottom: stacks grow down */
        p->stage = STAGE_CHILD_STACK;
        p->error = errno;
        munmap(stack, size);
        return;
    }
    /*
     * Every signal blocked on this thread while the child lives, as posix_spawn does, so that the child starts with
     * all of them blocked too and no process-group signal (a terminal's SIGINT) runs a JVM handler in it before it
     * blocks them itself. This thread is suspended meanwhile anyway; the mask is restored as it was.
     */
    uint64_t all = ~(uint64_t) 0, old = 0;
    if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all, &old, sizeof all) != 0) {
        p->stage = STAGE_SIGNAL_MASK;
        p->error = errno;
        munmap(stack, size);
        return;
    }
    /*
     * CLONE_FILES: the child shares the JVM's descriptor table, which it never touches, instead of copying it and
     * closing the copy at its exit, a cost that grows with the JVM's open files (a server's sockets). Its signal
     * handlers stay a copy (no CLONE_SIGHAND): a forced SIGSYS resets the child's handler, never the JVM's. No exit
     * signal: the child's end sends the JVM no SIGCHLD, which its handlers (or an ignored SIGCHLD, which reaps
     * children unseen) would otherwise get; __WALL waits for such a child.
     */
    pid_t pid = clone(run_child, stack + size, CLONE_VM | CLONE_VFORK | CLONE_FILES, p);
    int clone_error = errno;
    int status = 0;
    pid_t waited = -1;
    int wait_error = 0;
    if (pid > 0) {
        do {
            waited = waitpid(pid, &status, __WALL);
        } while (waited < 0 && errno == EINTR);
        wait_error = errno;
    }
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, sizeof old);
    munmap(stack, size);
    if (pid <= 0) {
        p->stage = STAGE_CHILD_CREATE;
        p->error = clone_error;
        return;
    }
    p->child_pid = pid;
    if (waited != pid) {
        p->stage = STAGE_CHILD_WAIT;
        p->error = wait_error;
        return;
    }
    if (WIFSIGNALED(status)) {
        p->stage = STAGE_CHILD_KILLED;
        p->child_signal = WTERMSIG(status);
        return;
    }
    if (!p->finished) {
        p->stage = STAGE_CHILD_LOST;
        p->error = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
}
#endif

/* Whether address lies in an executable segment of the vDSO the kernel mapped here: only there is it called. */
static int in_vdso(jlong address) {
    uintptr_t base = (uintptr_t) getauxval(AT_SYSINFO_EHDR);
    uintptr_t at = (uintptr_t) address;
    if (base == 0) {
        return 0;
    }
    const ElfW(Ehdr) *header = (const ElfW(Ehdr) *) base;
    if (memcmp(header->e_ident, ELFMAG, SELFMAG) != 0 || header->e_phentsize != sizeof(ElfW(Phdr))
            || header->e_phnum > 64 || header->e_phoff > 4096) {
        return 0;
    }
    const ElfW(Phdr) *segments = (const ElfW(Phdr) *) (base + header->e_phoff);
    for (int i = 0; i < header->e_phnum; i++) {
        const ElfW(Phdr) *s = &segments[i];
        if (s->p_type == PT_LOAD && (s->p_flags & PF_X) && at >= base + s->p_offset
                && at - (base + s->p_offset) < s->p_filesz) {
            return 1;
        }
    }
    return 0;
}

/* Whether this helper has the functions below: a helper built before them fails to link instead. */
EXPORT JNIEXPORT jint JNICALL
Java_io_github_vdsoagent_boot_SeccompNative_version0(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return 1;
}

/*
 * Probes each clock in clocks (ids 0..15, at most 16), then gettimeofday and time where their address is not 0:
 * one read, then reads more, timed. With through_syscalls (tests only) every read is a direct system call instead,
 * which the probe must find in the kernel. Returns a stage; out (HEADER + (clocks + 2) * FIELDS longs) gets the rest.
 */
EXPORT JNIEXPORT jint JNICALL
Java_io_github_vdsoagent_boot_SeccompNative_probe0(JNIEnv *env, jclass cls, jlong clock_gettime, jlong gettimeofday,
                                                   jlong time, jintArray clocks, jint reads, jboolean through_syscalls,
                                                   jlongArray out) {
    (void) cls;
    if (clocks == NULL || out == NULL) {
        return STAGE_BAD_ARGUMENTS;
    }
    jsize count = (*env)->GetArrayLength(env, clocks);
    if (count < 0 || count > MAX_CLOCKS || reads < 1 || reads > MAX_READS
            || (*env)->GetArrayLength(env, out) != HEADER + (count + 2) * FIELDS) {
        return STAGE_BAD_ARGUMENTS;
    }
    struct probe p;
    memset(&p, 0, sizeof p);
    (*env)->GetIntArrayRegion(env, clocks, 0, count, p.clocks);
    for (jsize i = 0; i < count; i++) {
        if (p.clocks[i] < 0 || p.clocks[i] > MAX_CLOCK_ID) {
            return STAGE_BAD_ARGUMENTS;
        }
    }
    if ((clock_gettime == 0 && !through_syscalls) || (clock_gettime != 0 && !in_vdso(clock_gettime))
            || (gettimeofday != 0 && !in_vdso(gettimeofday)) || (time != 0 && !in_vdso(time))) {
        return STAGE_NOT_IN_VDSO;
    }
    p.clock_gettime = (clock_gettime_fn) (uintptr_t) clock_gettime;
    p.gettimeofday = (gettimeofday_fn) (uintptr_t) gettimeofday;
    p.time = (time_fn) (uintptr_t) time;
    p.clock_count = count;
    p.reads = reads;
    p.through_syscalls = through_syscalls ? 1 : 0;
    p.has_gettimeofday = gettimeofday != 0 || through_syscalls;
#ifdef SYS_time
    p.has_time = time != 0 || through_syscalls;
#else
    p.has_time = time != 0;
#endif
    p.entries[count].state = p.has_gettimeofday ? ENTRY_NOT_RUN : ENTRY_ABSENT;
    p.entries[count + 1].state = p.has_time ? ENTRY_NOT_RUN : ENTRY_ABSENT;
#ifdef PROBE_AUDIT_ARCH
    run_in_child(&p);
#else
    p.stage = STAGE_UNSUPPORTED_ARCH;
#endif
    jlong values[HEADER + (MAX_CLOCKS + 2) * FIELDS];
    memset(values, 0, sizeof values);
    values[H_ERRNO] = p.error;
    values[H_SECCOMP_ERRNO] = p.seccomp_error;
    values[H_CHILD_PID] = p.child_pid;
    values[H_MARKER_RESULT] = p.marker_result;
    values[H_CHILD_SIGNAL] = p.child_signal;
    values[H_CHILD_STEP] = p.step;
    for (jsize i = 0; i < count + 2; i++) {
        const struct entry *e = &p.entries[i];
        jlong *v = &values[HEADER + i * FIELDS];
        v[F_STATE] = e->state;
        v[F_READS] = e->reads;
        v[F_ENTERED] = e->entered;
        v[F_ERRNO] = e->error;
        v[F_TIMED_READS] = e->timed_reads;
        v[F_TIMED_NANOS] = e->timed_nanos;
    }
    (*env)->SetLongArrayRegion(env, out, 0, HEADER + (count + 2) * FIELDS, values);
    return p.stage;
}
