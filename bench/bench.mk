# bench.mk - `make bench`: per-call and whole-program benchmarks of purevirt
# side by side with native, seccomp, ptrace and strace (bench/run.sh runs
# them and writes $(B)/bench/).  `make bench QUICK=1` is the short run.
# Included by the top-level Makefile.

BENCH_DIR   := $(B)/bench
BENCH_CFLAGS := $(CFLAGS) -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE
# Programs built without the runtime: the baseline, the comparison tracers
# and the helpers of the whole-program runs.
BENCH_TOOLS := native sud_floor seccomp_trap seccomp_notify ptrace_syscall \
	ptrace_seccomp ptrace_setinfo runner threads
BENCH_BIN   := $(addprefix $(BENCH_DIR)/bin/,$(BENCH_TOOLS) embed callmix.so)

$(BENCH_DIR)/bin/%: bench/%.c bench/common.h
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -pthread -o $@ $<

# The loop in a program that embeds the runtime, linked with its objects as
# an application linking libpurevirt.a would be.
$(BENCH_DIR)/bin/embed: bench/embed.c bench/common.h $(CORE_OBJ) $(LIBC_OBJ)
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -Iinclude -Ilayers -o $@ $< $(CORE_OBJ) $(LIBC_OBJ) $(LIBS)

# The diagnostic layer.  Linked against libpurevirt.so (found by its rpath):
# the purevirt command dlopens a layer to check its arguments, and exports
# no pv_* symbols of its own for the layer to bind to.
$(BENCH_DIR)/bin/callmix.so: bench/callmix.c $(B)/libpurevirt.so
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -Iinclude -shared -fPIC -o $@ $< \
		-L$(B) -lpurevirt -Wl,-rpath,$(abspath $(B))

bench-tools: $(BENCH_BIN)

bench: all bench-tools
	sh bench/run.sh $(B) $(if $(QUICK),quick,full)

.PHONY: bench-tools
