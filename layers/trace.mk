# trace.mk - the trace layer's generated tables: errno names and messages and
# signal names, made from the system headers.  Included by the top Makefile
# (after O and GEN are set).
# SPDX-License-Identifier: LGPL-2.1-or-later

TRACE_GEN := $(GEN)/trace_errnos.h $(GEN)/trace_signames.h

$(GEN)/trace_errnos.h: tools/gen-errnos.sh
	@mkdir -p $(@D)
	sh $< "$(CC)" > $@.tmp && mv $@.tmp $@

$(GEN)/trace_signames.h: tools/gen-signames.sh
	@mkdir -p $(@D)
	sh $< "$(CC)" > $@.tmp && mv $@.tmp $@

$(O)/lib/names.o: $(TRACE_GEN)
