/* test_libc_exec.c - the exec family, posix_spawn, system and popen
 * against glibc's own.  A program that execs reports what it inherited
 * (tests/progs/proc_report); a failed exec reports errno and the calls that
 * reached the layers.  glibc's posix_spawn clones with CLONE_VM|CLONE_VFORK
 * and ours forks, so for spawns the comparison is of results and effects.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "unit/libc_compare.h"
#include "unit/proc_compare.h"

#include <libgen.h>
#include <pthread.h>
#include <limits.h>
#include <sched.h>
#include <spawn.h>
#include <sys/stat.h>

extern char **environ;

/* Some calls pass what the headers say never comes (a NULL first argument
 * of execl, a stream fopen made to pclose): glibc takes them, so must we. */
#pragma GCC diagnostic ignored "-Wnonnull"
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wmismatched-dealloc"

static char report_prog[PATH_MAX];

#define OUT_MAX 8192

/* ---- running an exec in a child ---- */

struct run {
	int status;
	int failed; /* the exec returned */
	char out[OUT_MAX];
	struct outcome calls;
};

static void read_all(int fd, char *buf, size_t cap)
{
	size_t got = 0;
	ssize_t n;
	while (got + 1 < cap && (n = read(fd, buf + got, cap - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = 0;
}

/* EXEC_RUN(r, prep, stmt): in a child with stdout on a pipe, `prep` (not
 * recorded), then `stmt` (an exec) recorded; a failure comes back with
 * errno and the calls, on a pipe exec would have closed. */
#define EXEC_RUN(r, prep, stmt)                                                \
	do {                                                                   \
		int out_[2], rep_[2];                                          \
		assert_int_equal(pipe(out_), 0);                               \
		assert_int_equal(pipe2(rep_, O_CLOEXEC), 0);                   \
		pid_t c_ = fork();                                             \
		if (c_ == 0) {                                                 \
			static struct outcome o_;                              \
			dup2(out_[1], 1);                                      \
			close(out_[0]);                                        \
			close(out_[1]);                                        \
			close(rep_[0]);                                        \
			prep;                                                  \
			rec_begin();                                           \
			stmt;                                                  \
			rec_end(&o_, -1);                                      \
			send_outcome(rep_[1], &o_);                            \
			_exit(100);                                            \
		}                                                              \
		close(out_[1]);                                                \
		close(rep_[1]);                                                \
		read_all(out_[0], (r).out, sizeof(r).out);                     \
		(r).failed = recv_outcome(rep_[0], &(r).calls) == 0;           \
		close(out_[0]);                                                \
		close(rep_[0]);                                                \
		waitpid(c_, &(r).status, 0);                                   \
	} while (0)

static void expect_same_run_(const char *what, const struct run *o,
			     const struct run *n, const char *file, int line)
{
	if (o->failed != n->failed || o->status != n->status ||
	    strcmp(o->out, n->out)) {
		fprintf(stderr, "%s:%d: %s: ours failed %d status %x, glibc failed %d status %x\n"
			"--- ours:\n%s--- glibc:\n%s", file, line, what, o->failed,
			o->status, n->failed, n->status, o->out, n->out);
		_fail(file, line);
	}
	if (o->failed)
		expect_same_(what, &o->calls, &n->calls, CMP_CALLS, file, line);
}
#define expect_same_run(what, o, n) expect_same_run_(what, &(o), &(n), __FILE__, __LINE__)

/* EXEC_SAME(prep, fn, args...): ours and glibc's fn, each in a child. */
#define EXEC_SAME(prep, fn, ...)                                               \
	do {                                                                   \
		static struct run o_, n_;                                      \
		EXEC_RUN(o_, prep, fn(__VA_ARGS__));                           \
		__typeof__(&fn) g_ = GLIBC(fn);                                \
		EXEC_RUN(n_, prep, g_(__VA_ARGS__));                           \
		expect_same_run(#fn "(" #__VA_ARGS__ ")", o_, n_);             \
	} while (0)

static char *report_argv[] = { NULL, "one", "two words", NULL };
static char *test_env[] = { "PV_TEST_VAR=from envp", NULL };

/* ---- the files a PATH search meets ---- */

static void make_file(const char *name, const char *content, mode_t mode)
{
	FILE *f = fopen(in_scratch(name), "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
	chmod(in_scratch(name), mode);
}

static int group_setup(void **state)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n < 0)
		return -1;
	self[n] = 0;
	snprintf(report_prog, sizeof report_prog, "%s/progs/proc_report", dirname(self));
	report_argv[0] = report_prog;
	if (access(report_prog, X_OK) || scratch_setup())
		return -1;
	static const char *const dirs[] = { "noexec", "script", "bang", "loop",
					    "good", "empty", "sub" };
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		mkdir(in_scratch(dirs[i]), 0755);
	make_file("noexec/prog", "#!/bin/sh\necho no\n", 0644);
	make_file("script/prog", "echo script ran: $# \"$@\"; exit 7\n", 0755);
	make_file("bang/prog", "#!/bin/sh\necho bang ran: \"$@\"\n", 0755);
	make_file("empty/prog", "", 0755);
	make_file("notdir", "", 0644);
	symlink("prog", in_scratch("loop/prog"));
	symlink(report_prog, in_scratch("good/prog"));
	return compare_setup(state);
}

static int group_teardown(void **state)
{
	(void)state;
	return scratch_teardown();
}

/* ---- exec ---- */

static void test_execve(void **state)
{
	(void)state;
	EXEC_SAME((void)0, execve, report_prog, report_argv, test_env);
	EXEC_SAME((void)0, execve, "/nonexistent", report_argv, test_env);
	EXEC_SAME((void)0, execve, scratch, report_argv, test_env);
	EXEC_SAME((void)0, execve, in_scratch("noexec/prog"), report_argv, test_env);
	EXEC_SAME((void)0, execve, in_scratch("script/prog"), report_argv, test_env);
	EXEC_SAME((void)0, execve, in_scratch("loop/prog"), report_argv, test_env);
	EXEC_SAME((void)0, execve, BAD_PTR, report_argv, test_env);
	EXEC_SAME((void)0, execve, report_prog, BAD_PTR, test_env);
	EXEC_SAME((void)0, execv, report_prog, report_argv);
	EXEC_SAME(setenv("PV_TEST_VAR", "from environ", 1), execv, report_prog, report_argv);
	EXEC_SAME((void)0, execv, "/nonexistent", report_argv);
}

static void test_execl_forms(void **state)
{
	(void)state;
	EXEC_SAME((void)0, execl, report_prog, "a", "b", "c", (char *)NULL);
	EXEC_SAME((void)0, execl, report_prog, report_prog, (char *)NULL);
	EXEC_SAME((void)0, execl, "/nonexistent", "x", (char *)NULL);
	EXEC_SAME((void)0, execle, report_prog, "a", "b", (char *)NULL, test_env);
	EXEC_SAME((void)0, execle, report_prog, (char *)NULL, test_env);
	EXEC_SAME(setenv("PATH", in_scratch("good"), 1), execlp, "prog", "p", "q",
		  (char *)NULL);
	EXEC_SAME(setenv("PATH", in_scratch("script"), 1), execlp, "prog", "p", "q",
		  (char *)NULL);
}

static void test_execveat_fexecve(void **state)
{
	(void)state;
	int fd = open(report_prog, O_RDONLY | O_CLOEXEC);
	int dir = open(scratch, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0 && dir >= 0);
	EXEC_SAME((void)0, execveat, AT_FDCWD, report_prog, report_argv, test_env, 0);
	EXEC_SAME((void)0, execveat, fd, "", report_argv, test_env, AT_EMPTY_PATH);
	EXEC_SAME((void)0, execveat, dir, "good/prog", report_argv, test_env, 0);
	EXEC_SAME((void)0, execveat, dir, "noexec/prog", report_argv, test_env, 0);
	EXEC_SAME((void)0, execveat, dir, "loop/prog", report_argv, test_env,
		  AT_SYMLINK_NOFOLLOW);
	EXEC_SAME((void)0, execveat, fd, "", report_argv, test_env, 0x12345);
	EXEC_SAME((void)0, fexecve, fd, report_argv, test_env);
	EXEC_SAME((void)0, fexecve, -1, report_argv, test_env);
	EXEC_SAME((void)0, fexecve, 12345, report_argv, test_env);
	EXEC_SAME((void)0, fexecve, dir, report_argv, test_env);
	close(fd);
	close(dir);
}

/* ---- the PATH search ---- */

static char search_path[4 * PATH_MAX];

static const char *path_of(const char *const *dirs, size_t n)
{
	search_path[0] = 0;
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(search_path, ":");
		if (*dirs[i])
			strcat(search_path, in_scratch(dirs[i]));
	}
	return search_path;
}
#define PATH_OF(...)                                                           \
	path_of((const char *const[]){ __VA_ARGS__ },                          \
		ARRAY_SIZE(((const char *const[]){ __VA_ARGS__ })))

/* Each search runs execvp, execvpe and execlp under the same PATH. */
static void search(const char *path, const char *file)
{
	char *argv[] = { "prog", "x y", NULL };
	EXEC_SAME(path ? setenv("PATH", path, 1) : unsetenv("PATH"), execvp, file, argv);
	EXEC_SAME(path ? setenv("PATH", path, 1) : unsetenv("PATH"), execvpe, file,
		  argv, test_env);
	EXEC_SAME(path ? setenv("PATH", path, 1) : unsetenv("PATH"), execlp, file,
		  "prog", "x y", (char *)NULL);
}

static void test_path_search(void **state)
{
	(void)state;
	search(PATH_OF("good"), "prog");
	search(PATH_OF("sub", "noexec", "good"), "prog");  /* past EACCES */
	search(PATH_OF("sub", "noexec"), "prog");          /* EACCES wins */
	search(PATH_OF("noexec", "sub"), "prog");
	search(PATH_OF("sub", "notdir", "good"), "prog");  /* ENOTDIR goes on */
	search(PATH_OF("loop", "good"), "prog");           /* ELOOP stops */
	search(PATH_OF("script"), "prog");                 /* sh runs it */
	search(PATH_OF("empty", "good"), "prog");
	search(PATH_OF("bang"), "prog");
	search(PATH_OF("sub"), "prog");                    /* ENOENT */
	search("", "prog");                                /* the cwd */
	search(PATH_OF("sub", ""), "nonexistent-program");
	search(NULL, "nonexistent-program");               /* /bin:/usr/bin */
	search(NULL, "true");
	search(PATH_OF("good"), "");
	search(PATH_OF("good"), in_scratch("script/prog")); /* a slash: no search */
	search(PATH_OF("good"), in_scratch("noexec/prog"));
	char longname[300];
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	search(PATH_OF("good"), longname);
	/* an empty entry is the working directory */
	EXEC_SAME((setenv("PATH", ":/nonexistent", 1), chdir(in_scratch("good"))),
		  execvp, "prog", report_argv);
}

/* ---- posix_spawn objects ---- */

#define FA_CALL(o, n, fn, ...)                                                 \
	do {                                                                   \
		static struct outcome ro_, rn_;                                \
		OURS(ro_, fn, &(o), __VA_ARGS__);                              \
		NATIVE(rn_, fn, &(n), __VA_ARGS__);                            \
		expect_same(#fn "(" #__VA_ARGS__ ")", ro_, rn_);               \
	} while (0)

static void test_file_action_objects(void **state)
{
	(void)state;
	posix_spawn_file_actions_t o, n;
	assert_int_equal(posix_spawn_file_actions_init(&o), 0);
	assert_int_equal(GLIBC(posix_spawn_file_actions_init)(&n), 0);
	/* descriptors are checked against RLIMIT_NOFILE, asked each time */
	int fds[] = { -1, 0, 5, 1 << 30 };
	for (size_t i = 0; i < ARRAY_SIZE(fds); i++) {
		FA_CALL(o, n, posix_spawn_file_actions_addclose, fds[i]);
		FA_CALL(o, n, posix_spawn_file_actions_addopen, fds[i], "/x", O_RDONLY, 0);
		FA_CALL(o, n, posix_spawn_file_actions_adddup2, fds[i], 3);
		FA_CALL(o, n, posix_spawn_file_actions_adddup2, 3, fds[i]);
		FA_CALL(o, n, posix_spawn_file_actions_addfchdir_np, fds[i]);
		FA_CALL(o, n, posix_spawn_file_actions_addclosefrom_np, fds[i]);
		FA_CALL(o, n, posix_spawn_file_actions_addtcsetpgrp_np, fds[i]);
	}
	FA_CALL(o, n, posix_spawn_file_actions_addchdir_np, "/tmp");
	assert_int_equal(posix_spawn_file_actions_destroy(&o), 0);
	assert_int_equal(GLIBC(posix_spawn_file_actions_destroy)(&n), 0);
}

static void test_attr_objects(void **state)
{
	(void)state;
	posix_spawnattr_t o, n;
	posix_spawnattr_init(&o);
	GLIBC(posix_spawnattr_init)(&n);
	short fo, fl;
	FA_CALL(o, n, posix_spawnattr_setflags, 0x1000);
	FA_CALL(o, n, posix_spawnattr_setflags, 0xff);
	posix_spawnattr_getflags(&o, &fo);
	GLIBC(posix_spawnattr_getflags)(&n, &fl);
	assert_int_equal(fo, fl);
	FA_CALL(o, n, posix_spawnattr_setpgroup, 77);
	pid_t po, pn;
	posix_spawnattr_getpgroup(&o, &po);
	GLIBC(posix_spawnattr_getpgroup)(&n, &pn);
	assert_int_equal(po, pn);
	static const int policies[] = { SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH,
					SCHED_IDLE, 77 };
	for (size_t i = 0; i < ARRAY_SIZE(policies); i++) {
		FA_CALL(o, n, posix_spawnattr_setschedpolicy, policies[i]);
		int a, b;
		posix_spawnattr_getschedpolicy(&o, &a);
		GLIBC(posix_spawnattr_getschedpolicy)(&n, &b);
		assert_int_equal(a, b);
	}
	struct sched_param sp = { .sched_priority = 3 }, spo, spn;
	FA_CALL(o, n, posix_spawnattr_setschedparam, &sp);
	posix_spawnattr_getschedparam(&o, &spo);
	GLIBC(posix_spawnattr_getschedparam)(&n, &spn);
	assert_int_equal(spo.sched_priority, spn.sched_priority);
	sigset_t set, so, sn;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	FA_CALL(o, n, posix_spawnattr_setsigmask, &set);
	FA_CALL(o, n, posix_spawnattr_setsigdefault, &set);
	posix_spawnattr_getsigmask(&o, &so);
	GLIBC(posix_spawnattr_getsigmask)(&n, &sn);
	assert_memory_equal(&so, &sn, sizeof so);
	posix_spawnattr_getsigdefault(&o, &so);
	GLIBC(posix_spawnattr_getsigdefault)(&n, &sn);
	assert_memory_equal(&so, &sn, sizeof so);
	/* a fresh object: everything zero */
	posix_spawnattr_init(&o);
	GLIBC(posix_spawnattr_init)(&n);
	posix_spawnattr_getflags(&o, &fo);
	GLIBC(posix_spawnattr_getflags)(&n, &fl);
	assert_int_equal(fo, fl);
	posix_spawnattr_getsigmask(&o, &so);
	GLIBC(posix_spawnattr_getsigmask)(&n, &sn);
	assert_memory_equal(&so, &sn, sizeof so);
	assert_int_equal(posix_spawnattr_destroy(&o), 0);
}

/* ---- posix_spawn ---- */

typedef int spawn_fn(pid_t *, const char *, const posix_spawn_file_actions_t *,
		     const posix_spawnattr_t *, char *const[], char *const[]);

struct spawned {
	int ret;
	pid_t pid;
	int status;
	char out[OUT_MAX];
};

static void spawn_run(struct spawned *s, spawn_fn *fn, const char *file,
		      const posix_spawn_file_actions_t *fa,
		      const posix_spawnattr_t *at, char *const argv[])
{
	char report_var[PATH_MAX + 16];
	const char *report = in_scratch("report");
	unlink(report);
	snprintf(report_var, sizeof report_var, "PV_REPORT=%s", report);
	char *envp[] = { "PV_TEST_VAR=spawned", report_var, NULL };
	s->pid = -12345;
	s->ret = fn(&s->pid, file, fa, at, argv, envp);
	s->status = -1;
	s->out[0] = 0;
	if (s->ret)
		return;
	assert_int_equal(waitpid(s->pid, &s->status, 0), s->pid);
	int fd = open(report, O_RDONLY);
	if (fd >= 0) {
		read_all(fd, s->out, sizeof s->out);
		close(fd);
	}
}

static void expect_same_spawn_(const char *what, const struct spawned *o,
			       const struct spawned *n, const char *file, int line)
{
	if (o->ret != n->ret || o->status != n->status || strcmp(o->out, n->out) ||
	    (o->ret && o->pid != n->pid)) {
		fprintf(stderr, "%s:%d: %s: ours %d status %x pid %d, glibc %d status %x pid %d\n"
			"--- ours:\n%s--- glibc:\n%s", file, line, what, o->ret,
			o->status, o->pid, n->ret, n->status, n->pid, o->out, n->out);
		_fail(file, line);
	}
}
#define expect_same_spawn(what, o, n)                                          \
	expect_same_spawn_(what, &(o), &(n), __FILE__, __LINE__)

/* SPAWN_SAME(build, fn, file, argv): `build(P)` makes the file actions `fa`
 * and attributes `at` with the functions P(name) names: ours, then glibc's
 * on objects of its own. */
#define OURS_FN(name) name
#define GLIBC_FN(name) GLIBC(name)
#define SPAWN_SAME(what, build, fn, file, argv)                                \
	do {                                                                   \
		static struct spawned o_, n_;                                  \
		{                                                              \
			posix_spawn_file_actions_t fa;                         \
			posix_spawnattr_t at;                                  \
			build(OURS_FN);                                        \
			spawn_run(&o_, fn, file, &fa, &at, argv);              \
			posix_spawn_file_actions_destroy(&fa);                 \
		}                                                              \
		{                                                              \
			posix_spawn_file_actions_t fa;                         \
			posix_spawnattr_t at;                                  \
			build(GLIBC_FN);                                       \
			spawn_run(&n_, GLIBC(fn), file, &fa, &at, argv);       \
			GLIBC(posix_spawn_file_actions_destroy)(&fa);          \
		}                                                              \
		expect_same_spawn(what, o_, n_);                               \
	} while (0)

#define NOTHING(P)                                                             \
	P(posix_spawn_file_actions_init)(&fa);                                 \
	P(posix_spawnattr_init)(&at)

static void test_spawn_basic(void **state)
{
	(void)state;
	static struct spawned o, n;
	spawn_run(&o, posix_spawn, report_prog, NULL, NULL, report_argv);
	spawn_run(&n, GLIBC(posix_spawn), report_prog, NULL, NULL, report_argv);
	expect_same_spawn("posix_spawn", o, n);
	assert_int_equal(o.ret, 0);
	assert_true(o.pid > 0);
	assert_non_null(strstr(o.out, "PV_TEST_VAR: spawned"));
	SPAWN_SAME("empty objects", NOTHING, posix_spawn, report_prog, report_argv);
	/* a failed exec is posix_spawn's error number; *pid is left alone */
	SPAWN_SAME("ENOENT", NOTHING, posix_spawn, "/nonexistent", report_argv);
	SPAWN_SAME("EACCES", NOTHING, posix_spawn, in_scratch("noexec/prog"), report_argv);
	SPAWN_SAME("ENOEXEC", NOTHING, posix_spawn, in_scratch("script/prog"), report_argv);
	SPAWN_SAME("ELOOP", NOTHING, posix_spawn, in_scratch("loop/prog"), report_argv);
	SPAWN_SAME("#!", NOTHING, posix_spawn, in_scratch("bang/prog"), report_argv);
	SPAWN_SAME("no slash", NOTHING, posix_spawn, "proc_report", report_argv);
}

static void test_spawnp_search(void **state)
{
	(void)state;
	const char *saved = getenv("PATH");
	char *keep = saved ? strdup(saved) : NULL;
	static const char *const paths[][3] = {
		{ "good", NULL }, { "sub", "noexec" }, { "noexec", "good" },
		{ "script", NULL }, { "loop", "good" }, { "sub", NULL },
		{ "empty", "good" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
		setenv("PATH", paths[i][1] ? PATH_OF(paths[i][0], paths[i][1])
					   : PATH_OF(paths[i][0]), 1);
		SPAWN_SAME(search_path, NOTHING, posix_spawnp, "prog", report_argv);
	}
	setenv("PATH", PATH_OF("good"), 1);
	SPAWN_SAME("empty name", NOTHING, posix_spawnp, "", report_argv);
	SPAWN_SAME("slash", NOTHING, posix_spawnp, report_prog, report_argv);
	unsetenv("PATH");
	SPAWN_SAME("default path", NOTHING, posix_spawnp, "nonexistent-program", report_argv);
	if (keep) {
		setenv("PATH", keep, 1);
		free(keep);
	}
}

static int cloexec_fd = -1, dir_fd = -1;

#define FILE_ACTIONS(P)                                                        \
	P(posix_spawn_file_actions_init)(&fa);                                 \
	P(posix_spawnattr_init)(&at);                                          \
	P(posix_spawn_file_actions_addopen)(&fa, 5, "/etc/hostname", O_RDONLY, 0); \
	P(posix_spawn_file_actions_adddup2)(&fa, 5, 6);                        \
	P(posix_spawn_file_actions_addclose)(&fa, 5);                          \
	P(posix_spawn_file_actions_addclose)(&fa, 40);                         \
	P(posix_spawn_file_actions_adddup2)(&fa, cloexec_fd, cloexec_fd);      \
	P(posix_spawn_file_actions_addopen)(&fa, 8, in_scratch("made"),        \
					    O_WRONLY | O_CREAT, 0600);         \
	P(posix_spawn_file_actions_addchdir_np)(&fa, "/");                     \
	P(posix_spawn_file_actions_addfchdir_np)(&fa, dir_fd);                 \
	P(posix_spawn_file_actions_addchdir_np)(&fa, "sub")

#define CLOSEFROM(P)                                                           \
	P(posix_spawn_file_actions_init)(&fa);                                 \
	P(posix_spawnattr_init)(&at);                                          \
	P(posix_spawn_file_actions_adddup2)(&fa, cloexec_fd, 12);              \
	P(posix_spawn_file_actions_addclosefrom_np)(&fa, 4)

#define BAD_OPEN(P)                                                            \
	P(posix_spawn_file_actions_init)(&fa);                                 \
	P(posix_spawnattr_init)(&at);                                          \
	P(posix_spawn_file_actions_addopen)(&fa, 5, "/nonexistent", O_RDONLY, 0)

#define BAD_CHDIR(P)                                                           \
	P(posix_spawn_file_actions_init)(&fa);                                 \
	P(posix_spawnattr_init)(&at);                                          \
	P(posix_spawn_file_actions_addchdir_np)(&fa, "/nonexistent")

#define BAD_DUP2(P)                                                            \
	P(posix_spawn_file_actions_init)(&fa);                                 \
	P(posix_spawnattr_init)(&at);                                          \
	P(posix_spawn_file_actions_adddup2)(&fa, 55, 6)

#define BAD_FCHDIR(P)                                                          \
	P(posix_spawn_file_actions_init)(&fa);                                 \
	P(posix_spawnattr_init)(&at);                                          \
	P(posix_spawn_file_actions_addfchdir_np)(&fa, cloexec_fd)

/* fd 0 is /dev/null in the test: not a terminal */
#define TCSETPGRP(P)                                                           \
	P(posix_spawn_file_actions_init)(&fa);                                 \
	P(posix_spawnattr_init)(&at);                                          \
	P(posix_spawn_file_actions_addopen)(&fa, 0, "/dev/null", O_RDONLY, 0); \
	P(posix_spawn_file_actions_addtcsetpgrp_np)(&fa, 0)

static void test_spawn_file_actions(void **state)
{
	(void)state;
	cloexec_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	dir_fd = open(scratch, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(cloexec_fd >= 0 && dir_fd >= 0);
	SPAWN_SAME("file actions", FILE_ACTIONS, posix_spawn, report_prog, report_argv);
	assert_int_equal(access(in_scratch("made"), F_OK), 0);
	SPAWN_SAME("closefrom", CLOSEFROM, posix_spawn, report_prog, report_argv);
	SPAWN_SAME("failed open", BAD_OPEN, posix_spawn, report_prog, report_argv);
	SPAWN_SAME("failed chdir", BAD_CHDIR, posix_spawn, report_prog, report_argv);
	SPAWN_SAME("failed dup2", BAD_DUP2, posix_spawn, report_prog, report_argv);
	SPAWN_SAME("failed fchdir", BAD_FCHDIR, posix_spawn, report_prog, report_argv);
	SPAWN_SAME("tcsetpgrp", TCSETPGRP, posix_spawn, report_prog, report_argv);
	close(cloexec_fd);
	close(dir_fd);
}

static sigset_t usr2_set, usr1_usr2_set;

#define ATTRIBUTES(P)                                                          \
	P(posix_spawn_file_actions_init)(&fa);                                 \
	P(posix_spawnattr_init)(&at);                                          \
	P(posix_spawnattr_setsigmask)(&at, &usr2_set);                         \
	P(posix_spawnattr_setsigdefault)(&at, &usr1_usr2_set);                 \
	P(posix_spawnattr_setpgroup)(&at, 0);                                  \
	P(posix_spawnattr_setschedpolicy)(&at, SCHED_OTHER);                   \
	P(posix_spawnattr_setschedparam)(&at, &(struct sched_param){ 0 });     \
	P(posix_spawnattr_setflags)(&at, POSIX_SPAWN_SETSIGMASK |              \
						 POSIX_SPAWN_SETSIGDEF |       \
						 POSIX_SPAWN_SETPGROUP |       \
						 POSIX_SPAWN_SETSCHEDULER |    \
						 POSIX_SPAWN_RESETIDS)

#define SESSION(P)                                                             \
	P(posix_spawn_file_actions_init)(&fa);                                 \
	P(posix_spawnattr_init)(&at);                                          \
	P(posix_spawnattr_setflags)(&at, POSIX_SPAWN_SETSID |                  \
						 POSIX_SPAWN_SETSCHEDPARAM)

#define SESSION_AND_GROUP(P)                                                   \
	P(posix_spawn_file_actions_init)(&fa);                                 \
	P(posix_spawnattr_init)(&at);                                          \
	P(posix_spawnattr_setflags)(&at, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETPGROUP)

#define BAD_GROUP(P)                                                           \
	P(posix_spawn_file_actions_init)(&fa);                                 \
	P(posix_spawnattr_init)(&at);                                          \
	P(posix_spawnattr_setpgroup)(&at, 0x7ffffff0);                         \
	P(posix_spawnattr_setflags)(&at, POSIX_SPAWN_SETPGROUP)

#define BAD_SCHED(P)                                                           \
	P(posix_spawn_file_actions_init)(&fa);                                 \
	P(posix_spawnattr_init)(&at);                                          \
	P(posix_spawnattr_setschedpolicy)(&at, SCHED_FIFO);                    \
	P(posix_spawnattr_setschedparam)(&at, &(struct sched_param){ 1000 });  \
	P(posix_spawnattr_setflags)(&at, POSIX_SPAWN_SETSCHEDULER)

static void ignore(int sig)
{
	struct sigaction a = { .sa_handler = SIG_IGN };
	sigemptyset(&a.sa_mask);
	sigaction(sig, &a, NULL);
}

static void on_signal(int sig) { (void)sig; }

static void test_spawn_attributes(void **state)
{
	(void)state;
	sigemptyset(&usr2_set);
	sigaddset(&usr2_set, SIGUSR2);
	usr1_usr2_set = usr2_set;
	sigaddset(&usr1_usr2_set, SIGUSR1);
	/* ignored signals stay ignored unless in sigdefault; handled ones go
	 * back to default */
	ignore(SIGUSR1);
	ignore(SIGHUP);
	signal(SIGTERM, on_signal);
	SPAWN_SAME("attributes", ATTRIBUTES, posix_spawn, report_prog, report_argv);
	SPAWN_SAME("no attributes", NOTHING, posix_spawn, report_prog, report_argv);
	SPAWN_SAME("session", SESSION, posix_spawn, report_prog, report_argv);
	SPAWN_SAME("session and group", SESSION_AND_GROUP, posix_spawn, report_prog,
		   report_argv);
	SPAWN_SAME("bad group", BAD_GROUP, posix_spawn, report_prog, report_argv);
	SPAWN_SAME("bad scheduling", BAD_SCHED, posix_spawn, report_prog, report_argv);
	/* the parent's mask shows through when not set */
	sigset_t old;
	sigprocmask(SIG_BLOCK, &usr2_set, &old);
	SPAWN_SAME("parent's mask", NOTHING, posix_spawn, report_prog, report_argv);
	sigprocmask(SIG_SETMASK, &old, NULL);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	/* the caller's mask and actions are as they were */
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	assert_memory_equal(&now, &old, 8);
}

/* ---- system ---- */

static void same_system(const char *cmd)
{
	errno = 1234;
	int o = system(cmd), eo = errno;
	errno = 1234;
	int n = GLIBC(system)(cmd), en = errno;
	if (o != n || eo != en)
		fail_msg("system(%s): ours %x errno %d, glibc %x errno %d", cmd ? cmd : "NULL",
			 o, eo, n, en);
}

static char *file_text(const char *path)
{
	static char text[2][OUT_MAX];
	static int next;
	char *t = text[next++ % 2];
	t[0] = 0;
	int fd = open(path, O_RDONLY);
	if (fd >= 0) {
		read_all(fd, t, OUT_MAX);
		close(fd);
	}
	return t;
}

/* What the shell sees of its parent while it waits (once the spawn is
 * over: glibc's parent blocks everything until its child has exec'd):
 * SIGINT and SIGQUIT ignored, SIGCHLD blocked. */
static void same_parent_state(void)
{
	char cmd[PATH_MAX * 2];
	snprintf(cmd, sizeof cmd,
		 "sleep 0.2; grep -E '^Sig(Blk|Ign)' /proc/$PPID/status > %s; "
		 "grep -E '^Sig(Blk|Ign)' /proc/self/status >> %s",
		 in_scratch("sys"), in_scratch("sys"));
	assert_int_equal(system(cmd), 0);
	char *o = file_text(in_scratch("sys"));
	assert_int_equal(GLIBC(system)(cmd), 0);
	char *n = file_text(in_scratch("sys"));
	assert_string_equal(o, n);
}

static void test_system(void **state)
{
	(void)state;
	same_system("exit 3");
	same_system("true");
	same_system("kill -9 $$");
	same_system("exec /nonexistent");
	same_system("echo system ran >/dev/null");
	same_system("-x");
	same_system(NULL);
	/* system(NULL) finds out by running a shell */
	static struct outcome o;
	OURS(o, system, NULL);
	assert_int_equal(o.ret, 1);
	int clones = 0;
	for (int i = 0; i < o.n; i++)
		clones += o.calls[i].nr == SYS_clone;
	assert_int_equal(clones, 1);
	same_parent_state();
	/* an ignored SIGINT stays ignored in the command */
	ignore(SIGINT);
	same_parent_state();
	signal(SIGINT, on_signal);
	sigset_t usr1, old;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	same_parent_state();
	/* afterwards: the actions and the mask are the caller's again */
	system("true");
	struct sigaction now;
	sigaction(SIGINT, NULL, &now);
	assert_ptr_equal(now.sa_handler, on_signal);
	sigaction(SIGQUIT, NULL, &now);
	assert_ptr_equal(now.sa_handler, SIG_DFL);
	sigset_t mask;
	sigprocmask(SIG_SETMASK, &old, &mask);
	assert_int_equal(sigismember(&mask, SIGUSR1), 1);
	assert_int_equal(sigismember(&mask, SIGCHLD), 0);
	signal(SIGINT, SIG_DFL);
}

/* A thread cancelled while system() waits: the command is killed and
 * reaped, and SIGINT's action is the caller's again.  glibc's answer comes
 * from tests/progs/system_cancel run as a plain program (under the trap,
 * glibc's own cancellation would unwind through the SIGSYS handler); ours
 * is the same steps here. */
static void *run_system(void *arg)
{
	(void)arg;
	system("sleep 10");
	return NULL;
}

static int ours_cancelled(void)
{
	pthread_t t;
	void *res = NULL;
	struct timespec a, b;
	signal(SIGINT, on_signal);
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(pthread_create(&t, NULL, run_system, NULL), 0);
	usleep(200000);
	pthread_cancel(t);
	pthread_join(t, &res);
	clock_gettime(CLOCK_MONOTONIC, &b);
	struct sigaction now;
	sigaction(SIGINT, NULL, &now);
	signal(SIGINT, SIG_DFL);
	int left = waitpid(-1, NULL, WNOHANG);
	return (res == PTHREAD_CANCELED) | (b.tv_sec - a.tv_sec < 5) << 1 |
	       (now.sa_handler == on_signal) << 2 | (left < 0 && errno == ECHILD) << 3;
}

static void test_system_cancelled(void **state)
{
	(void)state;
	char helper[PATH_MAX + 32];
	snprintf(helper, sizeof helper, "%s/system_cancel", dirname(strdupa(report_prog)));
	pid_t p = fork();
	if (p == 0) {
		execl(helper, helper, (char *)NULL);
		_exit(127);
	}
	int st;
	waitpid(p, &st, 0);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 15);
	assert_int_equal(ours_cancelled(), WEXITSTATUS(st));
}

/* ---- popen ---- */

static void test_popen_read(void **state)
{
	(void)state;
	FILE *fo = popen("echo popen read; exit 5", "r");
	FILE *fn = GLIBC(popen)("echo popen read; exit 5", "r");
	assert_non_null(fo);
	assert_non_null(fn);
	char bo[64] = "", bn[64] = "";
	assert_non_null(fgets(bo, sizeof bo, fo));
	assert_non_null(fgets(bn, sizeof bn, fn));
	assert_string_equal(bo, bn);
	int so = pclose(fo), sn = GLIBC(pclose)(fn);
	assert_int_equal(so, sn);
	assert_true(WIFEXITED(so) && WEXITSTATUS(so) == 5);
}

static void test_popen_write(void **state)
{
	(void)state;
	char cmd[PATH_MAX];
	snprintf(cmd, sizeof cmd, "cat > %s", in_scratch("popen"));
	FILE *f = popen(cmd, "w");
	assert_non_null(f);
	fputs("through the pipe\n", f);
	assert_int_equal(pclose(f), 0);
	char *o = file_text(in_scratch("popen"));
	f = GLIBC(popen)(cmd, "w");
	fputs("through the pipe\n", f);
	assert_int_equal(GLIBC(pclose)(f), 0);
	char *n = file_text(in_scratch("popen"));
	assert_string_equal(o, n);
	assert_string_equal(o, "through the pipe\n");
}

/* The stream's descriptor, and what the command's shell has open (the
 * other popen streams are not among them). */
static void popen_fds(FILE *(*po)(const char *, const char *),
		      int (*pc)(FILE *), const char *mode, char *out, int *cloexec)
{
	FILE *other = po("cat >/dev/null", "w");
	FILE *f = po("for f in /proc/$$/fd/*; do echo ${f##*/}; done", mode);
	assert_non_null(other);
	assert_non_null(f);
	*cloexec = fcntl(fileno(f), F_GETFD) & FD_CLOEXEC;
	read_all(fileno(f), out, OUT_MAX);
	pc(f);
	pc(other);
}

static void test_popen_fds(void **state)
{
	(void)state;
	static const char *const modes[] = { "r", "re" };
	for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
		static char o[OUT_MAX], n[OUT_MAX];
		int co, cn;
		popen_fds(popen, pclose, modes[i], o, &co);
		popen_fds(GLIBC(popen), GLIBC(pclose), modes[i], n, &cn);
		assert_string_equal(o, n);
		assert_int_equal(co, cn);
	}
}

static void test_popen_errors(void **state)
{
	(void)state;
	static const char *const modes[] = { "x", "rw", "", "we", "r+" };
	for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
		errno = 0;
		FILE *o = popen("true", modes[i]);
		int eo = errno;
		errno = 0;
		FILE *n = GLIBC(popen)("true", modes[i]);
		int en = errno;
		assert_int_equal(!o, !n);
		assert_int_equal(eo, en);
		if (o)
			pclose(o);
		if (n)
			GLIBC(pclose)(n);
	}
	/* pclose of a stream popen did not make is fclose */
	FILE *f = fopen("/dev/null", "r");
	assert_int_equal(pclose(f), GLIBC(pclose)(fopen("/dev/null", "r")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_execve),
		cmocka_unit_test(test_execl_forms),
		cmocka_unit_test(test_execveat_fexecve),
		cmocka_unit_test(test_path_search),
		cmocka_unit_test(test_file_action_objects),
		cmocka_unit_test(test_attr_objects),
		cmocka_unit_test(test_spawn_basic),
		cmocka_unit_test(test_spawnp_search),
		cmocka_unit_test(test_spawn_file_actions),
		cmocka_unit_test(test_spawn_attributes),
		cmocka_unit_test(test_system),
		cmocka_unit_test(test_system_cancelled),
		cmocka_unit_test(test_popen_read),
		cmocka_unit_test(test_popen_write),
		cmocka_unit_test(test_popen_fds),
		cmocka_unit_test(test_popen_errors),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
