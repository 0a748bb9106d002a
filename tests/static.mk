# static.mk - statically linked test programs and the static launcher
# example (included by tests/tests.mk).
#
# The helpers listed here are built twice more than tests.mk builds them:
# with -static and with -static-pie, beside the dynamic build.

STATIC_PROGS := static_probe
STATIC_BIN := $(foreach p,$(STATIC_PROGS),$(B)/tests/progs/static/$(p) \
	$(B)/tests/progs/static-pie/$(p))
PROG_CFLAGS := $(CFLAGS) -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE -pthread

$(B)/tests/progs/static/%: tests/progs/%.c
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -static -o $@ $<

$(B)/tests/progs/static-pie/%: tests/progs/%.c
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -static-pie -fPIE -o $@ $<

# The example links the runtime statically, as a user's own launcher would:
# it loads programs into its own process, where a shared libpurevirt would
# be a second copy of nothing useful.  (An explicit rule: it wins over the
# Makefile's pattern rule for examples, which links libpurevirt.so.)
$(B)/examples/static_launcher: examples/static_launcher.c $(B)/libpurevirt.a
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -std=gnu11 -Wall -Wextra -Werror -fno-stack-protector \
		-Iinclude -o $@ $< $(B)/libpurevirt.a $(LIBS)

tests: $(STATIC_BIN) $(B)/examples/static_launcher
