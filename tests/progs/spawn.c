/* spawn.c - process creation a program can observe: fork with exit codes,
 * vfork+exec, posix_spawn (glibc runs it as clone with CLONE_VM|CLONE_VFORK
 * on its own stack), a raw clone3 thread, and exec of a cleaned environment. */
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int wait_status(pid_t pid)
{
	int st;
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void forks(void)
{
	for (int code = 0; code < 4; code++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(code * 7);
		printf("fork: child exited with %d\n", wait_status(pid));
	}
}

static void vfork_exec(void)
{
	pid_t pid = vfork();
	if (pid == 0) {
		char *argv[] = { "sh", "-c", "echo vfork child; exit 5", NULL };
		execve("/bin/sh", argv, environ);
		_exit(127);
	}
	printf("vfork+exec: status %d\n", wait_status(pid));
}

static void spawn(void)
{
	pid_t pid;
	char *argv[] = { "sh", "-c", "echo spawned; exit 6", NULL };
	int r = posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ);
	printf("posix_spawn: %d status %d\n", r, r ? -1 : wait_status(pid));
	char *bad[] = { "nonexistent-program", NULL };
	r = posix_spawnp(&pid, "nonexistent-program", NULL, NULL, bad, environ);
	printf("posix_spawnp of a missing program: %s\n", strerror(r));
}

static volatile int thread_ran;
static int clone3_thread(void)
{
	size_t size = 1 << 16;
	char *stack = mmap(NULL, size, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	struct clone_args args = {
		.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
			 CLONE_THREAD | CLONE_SYSVSEM,
		.stack = (uintptr_t)stack,
		.stack_size = size,
	};
	long r;
	/* the child returns here on its own stack: it may only run code that
	 * needs no stack frame of the parent, then exit */
	register long nr __asm__("rax") = SYS_clone3;
	register long a0 __asm__("rdi") = (long)&args;
	register long a1 __asm__("rsi") = sizeof args;
	__asm__ volatile("syscall\n\t"
			 "testq %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "movl $1, thread_ran(%%rip)\n\t"
			 "movl $60, %%eax\n\t"
			 "xorl %%edi, %%edi\n\t"
			 "syscall\n\t"
			 "1:"
			 : "=a"(r)
			 : "0"(nr), "r"(a0), "r"(a1)
			 : "rcx", "r11", "memory");
	for (int i = 0; i < 1000 && !thread_ran; i++)
		usleep(1000);
	return r > 0 && thread_ran;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1 && !strcmp(argv[1], "env")) { /* as exec'd by env_i */
		printf("environment size %d\n", environ[0] ? 1 : 0);
		return 0;
	}
	forks();
	vfork_exec();
	spawn();
	printf("raw clone3 thread ran: %d\n", clone3_thread());
	return 0;
}
