/* ident_ids.c - walks the set*id calls and prints every id after each, for
 * the fakeroot layer's tests (compared with fakeroot's answers).  With an
 * argument it prints the ids once and execs itself, so that the ids the
 * new image starts with show.
 * One file-system id is changed, last: fakeroot forgets a changed fsuid or
 * fsgid at the next set*id call (setfsgid after setfsuid included), a
 * quirk the layer does not copy. */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <unistd.h>

static void show(const char *what, int r)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg, g[64];
	getresuid(&ru, &eu, &su);
	getresgid(&rg, &eg, &sg);
	int n = getgroups(64, g);
	printf("%-20s %2d | uid %u %u %u (%u %u) gid %u %u %u (%u %u) fs %d %d groups %d:",
	       what, r, ru, eu, su, getuid(), geteuid(), rg, eg, sg, getgid(),
	       getegid(), setfsuid(-1), setfsgid(-1), n);
	for (int i = 0; i < n; i++)
		printf(" %u", g[i]);
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exec")) {
		setresgid(5, 6, 7);
		setresuid(1, 2, 3);
		show("before exec", 0);
		execl("/proc/self/exe", argv[0], "after", (char *)NULL);
		return 1;
	}
	if (argc > 1) {
		show("after exec", 0);
		return 0;
	}
	gid_t list[2] = { 7, 8 };
	show("start", 0);
	show("setgroups 7 8", setgroups(2, list));
	show("setresgid 10 11 12", setresgid(10, 11, 12));
	show("setregid -1 20", setregid(-1, 20));
	show("setgid 30", setgid(30));
	show("setresuid 1 2 3", setresuid(1, 2, 3));
	show("setreuid 4 -1", setreuid(4, -1));
	show("seteuid 5", seteuid(5));
	show("setuid 6", setuid(6));
	show("setresuid 0 0 0", setresuid(0, 0, 0));
	show("setuid 40", setuid(40));
	show("setuid 0", setuid(0));
	show("setfsuid 9", setfsuid(9) >= 0 ? 0 : -1);
	return 0;
}
