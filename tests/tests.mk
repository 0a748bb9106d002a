# tests.mk - `make check`: every tests/unit/test_*.c (cmocka, linked with the
# runtime's objects, as an application embedding libpurevirt would be) and
# every tests/integration/*.sh (real programs, natively and under purevirt).

TEST_CFLAGS := $(CFLAGS) -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE \
	-fno-stack-protector -U_FORTIFY_SOURCE \
	-Iinclude -Ilib -Idispatch -Ilayers -Ipreload -Ipurelibc -I$(GEN) -Itests
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))
HELPER_SRC := $(wildcard tests/progs/*.c)
HELPER_BIN := $(patsubst tests/progs/%.c,$(B)/tests/progs/%,$(HELPER_SRC))

$(B)/tests/%: tests/unit/%.c $(CORE_OBJ) $(LIBC_OBJ)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -o $@ $^ -lcmocka $(LIBS)

# Programs the integration tests run natively and under purevirt: plain
# programs, built without the runtime.
$(B)/tests/progs/%: tests/progs/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE -pthread -o $@ $<

tests: $(UNIT_BIN) $(HELPER_BIN)

include tests/static.mk

check: all tests
	tests/run.sh $(B)

.PHONY: tests
