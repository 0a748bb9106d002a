# Threaded programs under the trap: identical output to native.
. "$PV_TOP/tests/integration/lib.sh"

C="sud/pass hybrid/pass hybrid/trace"
seq 1 20000 | sort -R --random-source=/etc/passwd >"$T/numbers"
same_as_native "$C" sort -n --parallel=2 -S 1M "$T/numbers"
same_as_native "$C" sh -c "xz -T2 -c $T/numbers | xz -d | md5sum"
same_as_native "$C" python3 -c '
import threading, os
out = []
def work(n):
    out.append(sum(os.getppid() > 0 for _ in range(3000)) + n)
ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
[t.start() for t in ts]; [t.join() for t in ts]
print(sorted(out))'
finish
