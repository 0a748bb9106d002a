# purevirt - build, test, install.
#   make            build/libpurevirt.so, build/libpurevirt.a, build/purevirt
#   make check      build and run every test
#   make bench      benchmarks (QUICK=1 for a short run)
#   make install PREFIX=/usr/local
# SPDX-License-Identifier: LGPL-2.1-or-later

CC      ?= gcc
AR      ?= ar
CFLAGS  ?= -O2 -g
PREFIX  ?= /usr/local
B       ?= build
O       := $(B)/obj
GEN     := $(B)/gen

# The runtime runs inside programs that own FS (no stack protector: its
# canary lives at %fs:0x28) and may hold libc's locks (no fortify calls).
PV_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -fPIC -fvisibility=hidden \
	-fno-stack-protector -U_FORTIFY_SOURCE -D_GNU_SOURCE \
	-Iinclude -Ilib -Idispatch -Ilayers -Ipreload -Ipurelibc -I$(GEN)

CORE_SRC := $(wildcard lib/*.c) $(wildcard dispatch/*.c) dispatch/kernel_entry.S \
	$(wildcard layers/*.c) preload/config.c preload/start.c preload/loader.c
LIBC_SRC := $(wildcard purelibc/*.c) preload/init.c
CMD_SRC  := preload/purevirt.c

obj = $(patsubst %,$(O)/%.o,$(basename $(1)))
CORE_OBJ := $(call obj,$(CORE_SRC))
LIBC_OBJ := $(call obj,$(LIBC_SRC))
CMD_OBJ  := $(call obj,$(CMD_SRC))

LIBS := -ldl -lpthread

EXAMPLES := $(patsubst examples/%.c,$(B)/examples/%,$(wildcard examples/*.c)) \
	$(patsubst examples/layers/%.c,$(B)/examples/%.so,$(wildcard examples/layers/*.c))

all: $(B)/libpurevirt.so $(B)/libpurevirt.a $(B)/purevirt $(B)/purevirt.pc $(EXAMPLES)

$(GEN)/syscall_names.h: tools/gen-syscall-names.sh
	@mkdir -p $(@D)
	sh $< "$(CC)" > $@.tmp && mv $@.tmp $@

$(O)/%.o: %.c $(GEN)/syscall_names.h
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(PV_CFLAGS) -MMD -MP -c $< -o $@

$(O)/%.o: %.S
	@mkdir -p $(@D)
	@echo "  AS      $<"
	@$(CC) $(CFLAGS) $(PV_CFLAGS) -MMD -MP -c $< -o $@

$(B)/libpurevirt.so: $(CORE_OBJ) $(LIBC_OBJ)
	$(CC) $(CFLAGS) -shared -Wl,-soname,libpurevirt.so -Wl,-z,noexecstack \
		-o $@ $^ $(LIBS)

$(B)/libpurevirt.a: $(CORE_OBJ) $(LIBC_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

# -rdynamic: a layer in a shared object that the command loads to check its
# arguments (and that a hosted program could use) finds pv_next and the rest
# in the command itself.
$(B)/purevirt: $(CMD_OBJ) $(CORE_OBJ)
	$(CC) $(CFLAGS) -rdynamic -Wl,-z,noexecstack -o $@ $^ $(LIBS)

# Examples embed the runtime the way an application would: linked with the
# shared library (found beside them through the rpath).
$(B)/examples/%: examples/%.c $(B)/libpurevirt.so
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -std=gnu11 -Wall -Wextra -Werror -Iinclude -o $@ $< \
		-L$(B) -lpurevirt -Wl,-rpath,'$$ORIGIN/..'

# Layers in shared objects, loaded with purevirt -l PATH.
$(B)/examples/%.so: examples/layers/%.c include/purevirt.h
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -std=gnu11 -Wall -Wextra -Werror -Iinclude -shared -fPIC -o $@ $<

PUREVIRT_PC = sed -e 's|@PREFIX@|$(PREFIX)|g' \
	-e 's|@VERSION@|$(shell sed -n 's/^\#define PUREVIRT_VERSION "\(.*\)"/\1/p' include/purevirt.h)|' \
	purevirt.pc.in

$(B)/purevirt.pc: purevirt.pc.in include/purevirt.h
	$(PUREVIRT_PC) > $@

# purevirt.pc is made again: the one in $(B) has the PREFIX of the build.
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
		$(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 $(B)/purevirt $(DESTDIR)$(PREFIX)/bin/
	install -m 755 $(B)/libpurevirt.so $(DESTDIR)$(PREFIX)/lib/
	install -m 644 $(B)/libpurevirt.a $(DESTDIR)$(PREFIX)/lib/
	install -m 644 include/purevirt.h $(DESTDIR)$(PREFIX)/include/
	$(PUREVIRT_PC) > $(DESTDIR)$(PREFIX)/lib/pkgconfig/purevirt.pc

clean:
	rm -rf $(B)

include compat/compat.mk
include layers/trace.mk
include tests/tests.mk
include bench/bench.mk

.PHONY: all install clean check bench
-include $(shell find $(O) -name '*.d' 2>/dev/null)
