/* test_sysset.c - system call sets as strace -e trace= reads them, and the
 * errno and signal names inject takes: what strace 6.1 accepts and refuses
 * (checked with strace -e trace=SET and -e inject=...:error=/signal= on
 * this machine), and class membership read from the table.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "names.h"
#include "sysent.h"
#include "sysset.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>

static char err[256];

static struct pv_sysset parse_ok(const char *spec)
{
	struct pv_sysset s;
	err[0] = 0;
	int r = pv_sysset_parse(&s, spec, strlen(spec), err, sizeof err);
	if (r != 0)
		fail_msg("'%s' refused: %s", spec, err);
	return s;
}

static void parse_bad(const char *spec, const char *message)
{
	struct pv_sysset s;
	err[0] = 0;
	assert_int_equal(pv_sysset_parse(&s, spec, strlen(spec), err, sizeof err),
			 -EINVAL);
	assert_string_equal(err, message);
}

static void test_names(void **state)
{
	(void)state;
	struct pv_sysset s = parse_ok("openat,read");
	assert_true(pv_sysset_has(&s, SYS_openat));
	assert_true(pv_sysset_has(&s, SYS_read));
	assert_false(pv_sysset_has(&s, SYS_write));
	assert_false(pv_sysset_has(&s, -1));
	assert_int_equal(pv_sysset_count(&s), 2);
	s = parse_ok("0"); /* a number is the call it numbers */
	assert_true(pv_sysset_has(&s, SYS_read));
	assert_int_equal(pv_sysset_count(&s), 1);
	s = parse_ok("read,,write,"); /* empty tokens are skipped */
	assert_int_equal(pv_sysset_count(&s), 2);
	s = parse_ok("?nosuch,read"); /* '?': unknown is fine */
	assert_int_equal(pv_sysset_count(&s), 1);
	s = parse_ok("none");
	assert_int_equal(pv_sysset_count(&s), 0);
	s = parse_ok("all");
	assert_true(pv_sysset_has(&s, SYS_exit_group));
	assert_true(pv_sysset_has(&s, 0x40000000 | SYS_read)); /* x32 too */
	/* the part of a longer string that is the set */
	assert_int_equal(pv_sysset_parse(&s, "getpid:error=EPERM", 6, err, sizeof err), 0);
	assert_int_equal(pv_sysset_count(&s), 1);
	assert_true(pv_sysset_has(&s, SYS_getpid));
}

static void test_negation(void **state)
{
	(void)state;
	struct pv_sysset s = parse_ok("!read,write");
	assert_false(pv_sysset_has(&s, SYS_read));
	assert_false(pv_sysset_has(&s, SYS_write));
	assert_true(pv_sysset_has(&s, SYS_openat));
	assert_true(pv_sysset_has(&s, 100000)); /* numbers with no name too */
	s = parse_ok("!!read"); /* strace: each '!' negates again */
	assert_true(pv_sysset_has(&s, SYS_read));
	assert_int_equal(pv_sysset_count(&s), 1);
	s = parse_ok("!%file");
	assert_false(pv_sysset_has(&s, SYS_openat));
	assert_true(pv_sysset_has(&s, SYS_read));
	s = parse_ok("!none");
	assert_true(pv_sysset_has(&s, SYS_read));
}

/* Every class holds exactly the calls the table's column gives it. */
static void test_classes(void **state)
{
	(void)state;
	static const struct {
		const char *spec;
		unsigned bit;
	} classes[] = {
		{ "%file", TRACE_FILE },       { "file", TRACE_FILE },
		{ "%desc", TRACE_DESC },       { "desc", TRACE_DESC },
		{ "%network", TRACE_NETWORK }, { "%net", TRACE_NETWORK },
		{ "network", TRACE_NETWORK },  { "%process", TRACE_PROCESS },
		{ "process", TRACE_PROCESS },  { "%signal", TRACE_SIGNAL },
		{ "signal", TRACE_SIGNAL },    { "%ipc", TRACE_IPC },
		{ "ipc", TRACE_IPC },          { "%memory", TRACE_MEMORY },
		{ "memory", TRACE_MEMORY },    { "%creds", TRACE_CREDS },
		{ "%clock", TRACE_CLOCK },     { "%stat", TRACE_STAT },
		{ "%lstat", TRACE_LSTAT },     { "%fstat", TRACE_FSTAT },
		{ "%%stat", TRACE_STAT_LIKE }, { "%statfs", TRACE_STATFS },
		{ "%fstatfs", TRACE_FSTATFS }, { "%%statfs", TRACE_STATFS_LIKE },
		{ "%pure", TRACE_PURE },
	};
	for (size_t i = 0; i < sizeof classes / sizeof *classes; i++) {
		struct pv_sysset s = parse_ok(classes[i].spec);
		int members = 0;
		for (long nr = 0; nr < pv_nsyscalls; nr++) {
			int in = (pv_syscall_classes(nr) & classes[i].bit) != 0;
			members += in;
			if (pv_sysset_has(&s, nr) != in)
				fail_msg("%s: %s is %s", classes[i].spec,
					 pv_syscall_name(nr), in ? "missing" : "extra");
		}
		assert_int_equal(pv_sysset_count(&s), members);
	}
	/* some members strace 6.1 puts there, as a check on the column */
	struct pv_sysset s = parse_ok("%file");
	assert_true(pv_sysset_has(&s, SYS_openat));
	assert_true(pv_sysset_has(&s, SYS_execve));
	assert_false(pv_sysset_has(&s, SYS_read));
	s = parse_ok("%process");
	assert_true(pv_sysset_has(&s, SYS_clone3));
	assert_true(pv_sysset_has(&s, SYS_exit_group));
	s = parse_ok("%pure");
	assert_true(pv_sysset_has(&s, SYS_getpid));
	assert_false(pv_sysset_has(&s, SYS_openat));
}

static void test_bad_sets(void **state)
{
	(void)state;
	parse_bad("nosuch", "unknown system call 'nosuch'");
	parse_bad("read,opnat", "unknown system call 'opnat'");
	parse_bad("%nosuch", "unknown class '%nosuch'");
	parse_bad("%FILE", "unknown class '%FILE'"); /* case matters */
	parse_bad("READ", "unknown system call 'READ'");
	parse_bad("creds", "unknown system call 'creds'"); /* no old name */
	parse_bad("99999", "unknown system call '99999'");
	parse_bad("", "empty system call set ''");
	parse_bad("!", "empty system call set '!'");
	parse_bad(",", "empty system call set ','");
	parse_bad("read,!write", "unknown system call '!write'");
	parse_bad("/open.*", "regular expressions are not supported: '/open.*'");
}

static void test_errno_names(void **state)
{
	(void)state;
	assert_int_equal(pv_errno_number("ENOENT"), ENOENT);
	assert_int_equal(pv_errno_number("enoent"), ENOENT);
	assert_int_equal(pv_errno_number("EHWPOISON"), EHWPOISON);
	assert_int_equal(pv_errno_number("EOPNOTSUPP"), EOPNOTSUPP);
	assert_int_equal(pv_errno_number("ERESTARTSYS"), 512);
	/* one name per number, as strace has them */
	assert_int_equal(pv_errno_number("EWOULDBLOCK"), -1);
	assert_int_equal(pv_errno_number("EDEADLOCK"), -1);
	assert_int_equal(pv_errno_number("ENOTSUP"), -1);
	assert_int_equal(pv_errno_number("NOENT"), -1);
	assert_int_equal(pv_errno_number(""), -1);
	assert_string_equal(pv_errno_name(EACCES), "EACCES");
	assert_string_equal(pv_errno_name(EAGAIN), "EAGAIN");
	assert_string_equal(pv_errno_message(ENOENT), "No such file or directory");
	assert_string_equal(pv_errno_name(516), "ERESTART_RESTARTBLOCK");
	assert_null(pv_errno_name(0));
	assert_null(pv_errno_name(4000));
	for (long e = 1; e < 4096; e++) { /* both ways agree */
		const char *n = pv_errno_name(e);
		if (n)
			assert_int_equal(pv_errno_number(n), e);
	}
}

static void test_signal_names(void **state)
{
	(void)state;
	assert_int_equal(pv_signal_number("SIGUSR1"), SIGUSR1);
	assert_int_equal(pv_signal_number("USR1"), SIGUSR1);
	assert_int_equal(pv_signal_number("usr1"), SIGUSR1);
	assert_int_equal(pv_signal_number("sigusr1"), SIGUSR1);
	assert_int_equal(pv_signal_number("SIGKILL"), SIGKILL);
	assert_int_equal(pv_signal_number("SIGSYS"), SIGSYS);
	assert_int_equal(pv_signal_number("SIGRTMIN"), 32);
	assert_int_equal(pv_signal_number("RTMIN"), 32);
	assert_int_equal(pv_signal_number("SIGRT_2"), 34);
	assert_int_equal(pv_signal_number("SIGRT_32"), 64);
	/* what strace 6.1 refuses */
	assert_int_equal(pv_signal_number("SIGRT_33"), -1);
	assert_int_equal(pv_signal_number("SIGRT_0"), -1);
	assert_int_equal(pv_signal_number("SIGRTMAX"), -1);
	assert_int_equal(pv_signal_number("SIGIOT"), -1);
	assert_int_equal(pv_signal_number("SIGPOLL"), -1);
	assert_int_equal(pv_signal_number("SIGCLD"), -1);
	assert_int_equal(pv_signal_number("SIG"), -1);
	assert_int_equal(pv_signal_number("10"), -1); /* numbers: the caller's */
	assert_string_equal(pv_signal_name(SIGABRT), "SIGABRT");
	assert_string_equal(pv_signal_name(SIGIO), "SIGIO");
	assert_null(pv_signal_name(0));
	assert_null(pv_signal_name(32));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_negation),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_bad_sets),
		cmocka_unit_test(test_errno_names),
		cmocka_unit_test(test_signal_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
