/* purevirt.c - the command: runs a program under layers.
 *
 *   purevirt [-m MODE] [-l LAYER[:ARGS]]... [-o FILE] [--from-start] [--]
 *            PROG [ARGS...]
 *
 * It checks every setting before anything starts (one line and status 2 on
 * bad input), puts the run's settings into the environment and execs PROG
 * with libpurevirt preloaded.  A statically linked PROG (and with
 * --from-start any ELF program) it loads into its own process instead
 * (loader.c), since LD_PRELOAD cannot enter it.
 *
 * It is also the launcher the runtime execs when a virtualized program execs
 * a static one:
 *   purevirt --load FD EXECFN [ARGV0 ARGS...]
 * loads the file open on FD with the program's argv and environment as the
 * program gave them (see dispatch/exec.c).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"
#include "dispatch.h"
#include "layers.h"
#include "loader.h"
#include "purevirt.h"
#include "start.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXIT_USAGE 2
#define EXIT_NOT_FOUND 127
#define EXIT_CANNOT_RUN 126

static void usage(FILE *f)
{
	fputs("usage: purevirt [OPTIONS] [--] PROG [ARGS...]\n"
	      "Run PROG with every system call handed to a stack of layers.\n"
	      "\n"
	      "  -l, --layer=LAYER[:ARGS]  push a layer; the first one given is the\n"
	      "                            top (the program's calls reach it first);\n"
	      "                            LAYER is a built-in name or the path of a\n"
	      "                            shared object; default: trace\n"
	      "  -m, --mode=MODE           libc, sud or hybrid (default: hybrid)\n"
	      "  -o, --output=FILE         trace and summaries to FILE, not stderr\n"
	      "      --from-start          load dynamic programs too, so that the\n"
	      "                            layers see their dynamic loader's first\n"
	      "                            calls (sud mode, built-in layers only)\n"
	      "      --list-layers         list the built-in layers\n"
	      "  -h, --help                this text\n"
	      "  -V, --version             the version\n",
	      f);
}

static void die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
static void die(int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("purevirt: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(status);
}

/* The command's own absolute path: the launcher the runtime execs. */
static const char *find_self(void)
{
	static char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n < 0)
		die(EXIT_USAGE, "cannot find my own executable: %s", strerror(errno));
	self[n] = 0;
	return self;
}

/* libpurevirt.so beside the command (the build tree) or in ../lib
 * (an installation); PUREVIRT_LIBRARY overrides both.  NULL if none. */
static const char *look_for_library(void)
{
	static char path[PATH_MAX];
	const char *env = getenv("PUREVIRT_LIBRARY");
	if (env && *env)
		return env;
	char self[PATH_MAX];
	snprintf(self, sizeof self, "%s", find_self());
	char *dir = dirname(self);
	static const char *const candidates[] = { "%s/libpurevirt.so",
						  "%s/../lib/libpurevirt.so" };
	for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++) {
		snprintf(path, sizeof path, candidates[i], dir);
		if (access(path, R_OK) == 0)
			return realpath(path, NULL);
	}
	return NULL;
}

static const char *find_library(void)
{
	const char *lib = look_for_library();
	if (!lib) {
		char self[PATH_MAX];
		snprintf(self, sizeof self, "%s", find_self());
		char *dir = dirname(self);
		die(EXIT_USAGE, "cannot find libpurevirt.so next to %s or in %s/../lib",
		    dir, dir);
	}
	return lib;
}

/* Whether a layer of the list may show files the host lacks. */
static int may_remap_paths(const char *list)
{
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, (char[]){ PV_LAYER_SEPARATOR, 0 });
		size_t name = strcspn(p, (char[]){ PV_LAYER_SEPARATOR, ':', 0 });
		char spec[256];
		snprintf(spec, sizeof spec, "%.*s", (int)(name < n ? name : n), p);
		const struct pv_builtin_layer *b = pv_builtin_layer(spec);
		if (!b || (b->flags & PV_LAYER_REMAPS_PATHS))
			return 1;
		p += n + (p[n] ? 1 : 0);
	}
	return 0;
}

/* PATH search as the shell does it, so that "not found" is reported before
 * anything runs.  Returns the path to exec, NULL when there is no such
 * file (with missing_ok), or exits 127/126. */
static const char *find_program(const char *prog, int missing_ok)
{
	static char path[PATH_MAX];
	int denied = 0;
	if (strchr(prog, '/')) {
		if (access(prog, F_OK) != 0) {
			if (missing_ok && errno == ENOENT)
				return NULL;
			die(EXIT_NOT_FOUND, "%s: %s", prog, strerror(errno));
		}
		return prog;
	}
	const char *dirs = getenv("PATH");
	if (!dirs)
		dirs = "/usr/local/bin:/usr/bin:/bin";
	while (*dirs) {
		const char *end = strchrnul(dirs, ':');
		int len = (int)(end - dirs);
		snprintf(path, sizeof path, "%.*s%s%s", len, len ? dirs : ".",
			 "/", prog);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(path, X_OK) == 0)
				return path;
			denied = 1;
		}
		dirs = *end ? end + 1 : end;
	}
	if (denied)
		die(EXIT_CANNOT_RUN, "%s: Permission denied", prog);
	if (missing_ok)
		return NULL;
	die(EXIT_NOT_FOUND, "%s: command not found", prog);
}

/* The first layer of the list that lives in a shared object, or NULL. */
static const char *shared_layer(const char *layers)
{
	for (const char *p = layers; *p;) {
		size_t n = strcspn(p, (char[]){ PV_LAYER_SEPARATOR, 0 });
		size_t name = strcspn(p, ":");
		if (name > n)
			name = n;
		if (memchr(p, '/', name))
			return strndup(p, name);
		p += n + (p[n] ? 1 : 0);
	}
	return NULL;
}

static void list_layers(void)
{
	for (const struct pv_builtin_layer *l = pv_builtin_layers; l->name; l++)
		printf("%-24s %s\n", l->usage, l->summary);
}

struct run {
	const char *lib, *layers, *mode, *launcher;
	int output_fd, from_start;
};

/* The environment PROG starts with: ours, minus stale settings, plus the
 * run's.  For a program started through LD_PRELOAD, libpurevirt goes first
 * in it; a program we load keeps LD_PRELOAD as it is (a static one ignores
 * it, a dynamic one loaded --from-start must not get a second runtime). */
static char **make_env(const struct run *run, int preload)
{
	extern char **environ;
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = calloc(n + 12, sizeof *env);
	size_t k = 0, at = n + 12;
	const char *old_preload = NULL;
	if (!env)
		die(EXIT_USAGE, "out of memory");
	for (size_t i = 0; i < n; i++) {
		if (!strncmp(environ[i], "PUREVIRT_", 9))
			continue;
		if (preload && !strncmp(environ[i], "LD_PRELOAD=", 11)) {
			/* ours takes its place: the program sees its
			 * variables in their order */
			if (!old_preload)
				at = k++;
			old_preload = environ[i] + 11;
			continue;
		}
		env[k++] = environ[i];
	}
	if (preload && at == n + 12)
		at = k++;
	/* "lib:" when the program had the variable, even empty: it gets it
	 * back as it was (preload/start.c) */
	if ((preload && asprintf(&env[at], "LD_PRELOAD=%s%s%s", run->lib,
				 old_preload ? ":" : "",
				 old_preload ? old_preload : "") < 0) ||
	    asprintf(&env[k++], PV_ENV_LAYERS "=%s", run->layers) < 0 ||
	    asprintf(&env[k++], PV_ENV_MODE "=%s", run->mode) < 0 ||
	    asprintf(&env[k++], PV_ENV_LAUNCHER "=%s", run->launcher) < 0 ||
	    asprintf(&env[k++], PV_ENV_LIBRARY "=%s", run->lib) < 0 ||
	    (run->from_start && asprintf(&env[k++], PV_ENV_FROM_START "=1") < 0))
		die(EXIT_USAGE, "out of memory");
	if (run->output_fd >= 0 &&
	    asprintf(&env[k++], "PUREVIRT_OUTPUT_FD=%d", run->output_fd) < 0)
		die(EXIT_USAGE, "out of memory");
	env[k] = NULL;
	return env;
}

/* Loads the ELF file open on fd into this process and runs it under the
 * layers of env's settings; env becomes the program's environment.
 * execfn is the name exec was given (AT_EXECFN, the process name). */
__attribute__((noreturn)) static void run_loaded(int fd, const char *execfn,
						 int argc, char **argv,
						 char **env, const char *lib)
{
	char err[1024];
	if (pv_loader_map(fd, err, sizeof err) < 0)
		die(EXIT_CANNOT_RUN, "%s: %s", execfn, err);
	pv_runtime_start(argc, argv, env);
	pv_loader_host(execfn, env);
	int mode;
	if (pv_start_layers(env, lib, PV_START_BUILTIN_ONLY, &mode, err,
			    sizeof err) < 0)
		die(EXIT_USAGE, "%s", err);
	pv_loader_enter(execfn, argc, argv, env);
}

/* purevirt --load FD EXECFN [ARGV...]: the runtime's exec of a static
 * program (dispatch/exec.c) -- the environment is the program's, with the
 * run's settings. */
__attribute__((noreturn)) static void load_from_exec(int argc, char **argv)
{
	extern char **environ;
	char *end;
	long fd = strtol(argv[2], &end, 10);
	if (*end || fd < 0 || fcntl((int)fd, F_GETFD) < 0)
		die(EXIT_USAGE, "--load: '%s' is not an open file", argv[2]);
	run_loaded((int)fd, argv[3], argc - 4, argv + 4, environ,
		   look_for_library());
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "--load"))
		load_from_exec(argc, argv);
	enum { OPT_LIST = 256, OPT_FROM_START };
	static const struct option options[] = {
		{ "layer", required_argument, NULL, 'l' },
		{ "mode", required_argument, NULL, 'm' },
		{ "output", required_argument, NULL, 'o' },
		{ "list-layers", no_argument, NULL, OPT_LIST },
		{ "from-start", no_argument, NULL, OPT_FROM_START },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	char *layers = NULL;
	size_t layers_len = 0;
	const char *mode = PV_DEFAULT_MODE_NAME, *output = NULL;
	int c, from_start = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:l:m:o:hV", options, NULL)) != -1) {
		switch (c) {
		case 'l': {
			if (strchr(optarg, PV_LAYER_SEPARATOR))
				die(EXIT_USAGE, "layer '%s': '%c' cannot appear in a layer",
				    optarg, PV_LAYER_SEPARATOR);
			size_t add = strlen(optarg) + 1;
			layers = realloc(layers, layers_len + add + 1);
			if (layers_len)
				layers[layers_len - 1] = PV_LAYER_SEPARATOR;
			memcpy(layers + layers_len, optarg, add);
			layers_len += add;
			break;
		}
		case 'm':
			mode = optarg;
			if (pv_config_mode(mode) < 0)
				die(EXIT_USAGE, "unknown mode '%s' (libc, sud or hybrid)",
				    mode);
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_LIST:
			list_layers();
			return 0;
		case OPT_FROM_START:
			from_start = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("purevirt %s\n", PUREVIRT_VERSION);
			return 0;
		case ':':
			die(EXIT_USAGE, "option '%s' needs an argument (try --help)",
			    argv[optind - 1]);
		default:
			if (optopt)
				die(EXIT_USAGE, "unknown option '-%c' (try --help)", optopt);
			die(EXIT_USAGE, "unknown option '%s' (try --help)",
			    argv[optind - 1]);
		}
	}
	if (optind >= argc)
		die(EXIT_USAGE, "no program to run (try --help)");
	if (!layers)
		layers = strdup("trace");

	struct pv_layer checked[PV_MAX_LAYERS];
	char err[512];
	if (pv_config_layers(layers, checked, PV_MAX_LAYERS, err, sizeof err) < 0)
		die(EXIT_USAGE, "%s", err);

	struct run run = { .lib = find_library(), .layers = layers, .mode = mode,
			   .launcher = find_self(), .output_fd = -1,
			   .from_start = from_start };
	/* A program the real file system does not hold may be in the view
	 * of a layer that remaps paths (bind, chroot, or any layer in a
	 * shared object): a shell running under the layers looks it up there,
	 * and says "not found" with 127 when it is nowhere. */
	const char *path = find_program(argv[optind], may_remap_paths(layers));
	if (!path) {
		char **args = calloc((size_t)(argc - optind) + 4, sizeof *args);
		if (!args)
			die(EXIT_USAGE, "out of memory");
		args[0] = "sh";
		args[1] = "-c";
		args[2] = "exec \"$0\" \"$@\"";
		memcpy(args + 3, argv + optind, (size_t)(argc - optind) * sizeof *args);
		argv = args;
		argc = argc - optind + 3;
		optind = 0;
		path = find_program("sh", 0);
	}
	struct pv_exec_target t;
	pv_exec_inspect(AT_FDCWD, path, 0, &t);
	int load = t.kind == PV_EXEC_STATIC ||
		   (from_start && t.kind == PV_EXEC_DYNAMIC);
	/* Refused before anything runs: a file the kernel would run only
	 * through another interpreter (binfmt_misc, ia32 emulation) would run
	 * outside the layers. */
	if (t.why)
		die(EXIT_CANNOT_RUN, "%s: %s", argv[optind], t.why);
	const char *shared = load ? shared_layer(layers) : NULL;
	if (shared) /* before anything is made */
		die(EXIT_USAGE,
		    "layer '%s' is a shared object: it cannot run in a program "
		    "purevirt loads (%s); use built-in layers, or a launcher of "
		    "your own linked with libpurevirt.a",
		    shared, from_start ? "--from-start" : "a static program");
	if (output) {
		run.output_fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0666);
		if (run.output_fd < 0)
			die(EXIT_USAGE, "cannot open output file '%s': %s", output,
			    strerror(errno));
	}
	if (load) {
		char **env = make_env(&run, 0);
		char **pargv = argv + optind;
		int pargc = argc - optind;
		if (t.script) { /* as binfmt_script: interpreter, its argument,
				   the script, the arguments */
			pargv = calloc((size_t)pargc + 4, sizeof *pargv);
			if (!pargv)
				die(EXIT_USAGE, "out of memory");
			int k = 0;
			pargv[k++] = t.interp;
			if (t.interp_arg)
				pargv[k++] = t.interp_arg;
			pargv[k++] = (char *)path;
			for (int i = 1; i < pargc; i++)
				pargv[k++] = argv[optind + i];
			pargc = k;
		}
		run_loaded(t.fd, path, pargc, pargv, env, run.lib);
	}
	if (t.fd >= 0)
		close(t.fd);
	execve(path, argv + optind, make_env(&run, 1));
	int e = errno;
	die(e == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN, "%s: %s",
	    argv[optind], strerror(e));
}
