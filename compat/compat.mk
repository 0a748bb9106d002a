# compat.mk - purelibc compatibility: _pure_start built into libpurevirt, the
# libpurelibc.so name and purelibc.pc, and their tests.  Included by the
# Makefile once the object lists exist.

COMPAT_OBJ := $(call obj,$(wildcard compat/*.c))

# Part of the library itself, not a shim beside it: in an LD_PRELOAD list a
# shim that depends on libpurevirt.so would bring it in after libc, and the
# exported wrappers would lose the interposition.
$(B)/libpurevirt.so $(B)/libpurevirt.a: $(COMPAT_OBJ)
$(B)/libpurevirt.so: LIBS += -lffi

# purelibc's names for the same library.
$(B)/libpurelibc.so: $(B)/libpurevirt.so
	ln -sf libpurevirt.so $@

PURELIBC_PC = sed -e 's|@PREFIX@|$(PREFIX)|g' \
	-e 's|@VERSION@|$(shell sed -n 's/^\#define PUREVIRT_VERSION "\(.*\)"/\1/p' include/purevirt.h)|' \
	compat/purelibc.pc.in

$(B)/purelibc.pc: compat/purelibc.pc.in include/purevirt.h
	$(PURELIBC_PC) > $@

all: $(B)/libpurelibc.so $(B)/purelibc.pc

# purelibc.pc is made again: the one in $(B) has the PREFIX of the build.
install: install-purelibc
install-purelibc: all
	install -d $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig
	ln -sf libpurevirt.so $(DESTDIR)$(PREFIX)/lib/libpurelibc.so
	install -m 644 include/purelibc.h $(DESTDIR)$(PREFIX)/include/
	$(PURELIBC_PC) > $(DESTDIR)$(PREFIX)/lib/pkgconfig/purelibc.pc

# Tests.  The hooks are written against purelibc.h alone, as purelibc's users
# write them: shared objects preloaded after libpurelibc.so, and the same
# redirecting hook linked into a program that calls _pure_start itself.
CT := $(B)/tests/compat
COMPAT_TEST_CFLAGS := $(CFLAGS) -std=gnu11 -Wall -Wextra -Werror -Iinclude

$(CT)/%.so: compat/tests/%.c include/purelibc.h
	@mkdir -p $(@D)
	$(CC) $(COMPAT_TEST_CFLAGS) -DHOOK_PRELOAD -shared -fPIC -o $@ $<

$(CT)/selfhook: compat/tests/selfhook.c compat/tests/redirect.c include/purelibc.h \
		$(B)/libpurelibc.so
	@mkdir -p $(@D)
	$(CC) $(COMPAT_TEST_CFLAGS) -o $@ compat/tests/selfhook.c compat/tests/redirect.c \
		-L$(B) -lpurelibc -Wl,-rpath,'$$ORIGIN/../..'

tests: $(CT)/redirect.so $(CT)/counter.so $(CT)/selfhook $(B)/libpurelibc.so

.PHONY: install-purelibc
