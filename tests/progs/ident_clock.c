/* ident_clock.c - waits on the real-time clock every way a program does,
 * for the time layer's tests.  Each wait is for an instant read from
 * CLOCK_REALTIME plus 300 ms; the time it really took is measured on
 * CLOCK_MONOTONIC, which no layer shifts.  A layer that shifts the clock
 * reads but not the instants handed back to the kernel makes a wait return
 * at once (a clock set in the past) or never (in the future: the alarm
 * ends the probe).  Prints "NAME ok" or "NAME FAIL ..." per check.
 *
 *   ident_clock [CHECK...]    (default: every check)
 *   ident_clock -readings     prints whether gettimeofday, time and
 *                             clock_gettime tell the same time */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define WAIT_NS 300000000L

static double mono(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static struct timespec deadline(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_nsec += WAIT_NS;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_nsec -= 1000000000L;
		t.tv_sec++;
	}
	return t;
}

static int c_nanosleep(void)
{
	struct timespec t = deadline();
	return clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &t, NULL);
}

static int c_cond(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec t = deadline();
	pthread_mutex_lock(&m);
	int r = pthread_cond_timedwait(&c, &m, &t);
	pthread_mutex_unlock(&m);
	return r == ETIMEDOUT ? 0 : -1;
}

static int c_sem(void)
{
	sem_t s;
	sem_init(&s, 0, 0);
	struct timespec t = deadline();
	return sem_timedwait(&s, &t) < 0 && errno == ETIMEDOUT ? 0 : -1;
}

static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
static void *hold(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&held);
	return NULL;
}

static int c_mutex(void)
{
	pthread_t th;
	pthread_create(&th, NULL, hold, NULL);
	pthread_join(th, NULL);
	struct timespec t = deadline();
	return pthread_mutex_timedlock(&held, &t) == ETIMEDOUT ? 0 : -1;
}

static int c_timerfd(void)
{
	int fd = timerfd_create(CLOCK_REALTIME, 0);
	struct itimerspec it = { .it_value = deadline() };
	unsigned long long n;
	if (fd < 0 || timerfd_settime(fd, TFD_TIMER_ABSTIME, &it, NULL) < 0 ||
	    read(fd, &n, sizeof n) != sizeof n)
		return -1;
	close(fd);
	return 0;
}

static int c_timer(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	timer_t id;
	struct itimerspec it = { .it_value = deadline() };
	if (timer_create(CLOCK_REALTIME, &ev, &id) < 0 ||
	    timer_settime(id, TIMER_ABSTIME, &it, NULL) < 0)
		return -1;
	int sig;
	sigwait(&set, &sig);
	timer_delete(id);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(void);
} checks[] = {
	{ "clock_nanosleep", c_nanosleep }, { "cond_timedwait", c_cond },
	{ "sem_timedwait", c_sem },         { "mutex_timedlock", c_mutex },
	{ "timerfd", c_timerfd },           { "timer_settime", c_timer },
};

static void run(int i)
{
	double start = mono();
	int r = checks[i].fn();
	double took = mono() - start;
	if (r < 0)
		printf("%s FAIL: %s\n", checks[i].name, strerror(errno));
	else if (took < 0.2 || took > 3)
		printf("%s FAIL: waited %.3f s for 0.3 s\n", checks[i].name, took);
	else
		printf("%s ok\n", checks[i].name);
	fflush(stdout);
}

static int readings(void)
{
	struct timespec ts;
	struct timeval tv;
	clock_gettime(CLOCK_REALTIME, &ts);
	gettimeofday(&tv, NULL);
	time_t t = time(NULL);
	long d1 = labs((long)(tv.tv_sec - ts.tv_sec)), d2 = labs((long)(t - ts.tv_sec));
	printf("readings %s\n", d1 <= 1 && d2 <= 1 ? "agree" : "differ");
	return 0;
}

int main(int argc, char **argv)
{
	alarm(20); /* a wait that never ends fails the test */
	if (argc > 1 && !strcmp(argv[1], "-readings"))
		return readings();
	for (size_t i = 0; i < sizeof checks / sizeof *checks; i++) {
		int wanted = argc == 1;
		for (int a = 1; a < argc; a++)
			wanted |= !strcmp(argv[a], checks[i].name);
		if (wanted)
			run((int)i);
	}
	return 0;
}
