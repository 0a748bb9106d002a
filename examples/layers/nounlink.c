/* nounlink.c - a layer in a shared object: refuses to remove files, as a
 * read-only file system would.  purevirt -l build/examples/nounlink.so -- rm f */
#include <purevirt.h>
#include <errno.h>
#include <sys/syscall.h>
static long handler(struct pv_syscall *call, void *data)
{
	(void)data;
	if (call->nr == SYS_unlink || call->nr == SYS_unlinkat)
		return -EPERM; /* what the kernel says when it will not */
	return pv_next(call);
}
int purevirt_layer_init(const char *args, struct pv_layer *layer, char *err, unsigned long errlen)
{
	(void)args; (void)err; (void)errlen;
	*layer = (struct pv_layer){ .name = "nounlink", .handler = handler };
	return 0;
}
