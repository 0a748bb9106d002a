/* nested_layers.c - two layers in one process, each the kernel of the one
 * above it.  The upper layer logs every call it sees with write(2); the
 * lower one counts what reaches it.  The lower layer sees the program's
 * calls *and* the upper layer's own writes; the upper layer never sees its
 * own writes.
 */
#include <purevirt.h>

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct counts {
	_Atomic long calls, writes;
};
static struct counts upper, lower;

static long logger(struct pv_syscall *call, void *data)
{
	struct counts *c = data;
	atomic_fetch_add(&c->calls, 1);
	if (call->nr == SYS_write)
		atomic_fetch_add(&c->writes, 1);
	if (call->nr == SYS_getppid) {
		/* this write goes to the layer below, not back here */
		static const char msg[] = "upper layer: saw getppid\n";
		write(2, msg, sizeof msg - 1);
	}
	return pv_next(call);
}

static long counter(struct pv_syscall *call, void *data)
{
	struct counts *c = data;
	atomic_fetch_add(&c->calls, 1);
	if (call->nr == SYS_write)
		atomic_fetch_add(&c->writes, 1);
	return pv_next(call);
}

int main(void)
{
	struct pv_layer bottom = { .name = "counter", .handler = counter, .data = &lower };
	struct pv_layer top = { .name = "logger", .handler = logger, .data = &upper };
	pv_push(&bottom);
	pv_push(&top);
	pv_set_mode(PV_MODE_HYBRID);

	for (int i = 0; i < 3; i++)
		getppid();
	long up_calls = atomic_load(&upper.calls), up_writes = atomic_load(&upper.writes);
	long low_calls = atomic_load(&lower.calls), low_writes = atomic_load(&lower.writes);
	printf("upper layer: %ld calls, %ld writes\n", up_calls, up_writes);
	printf("lower layer: %ld calls, %ld writes\n", low_calls, low_writes);
	/* the lower layer saw everything the upper saw, plus its 3 writes */
	return low_calls == up_calls + 3 && low_writes == up_writes + 3 ? 0 : 1;
}
