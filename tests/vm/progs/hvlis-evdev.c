// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvlis-evdev: what an input device looks like to userspace, for the VM
 * cases of the synthetic mouse and keyboard.
 *
 *   hvlis-evdev find NAME
 *	print the /dev/input/eventN whose device is named NAME; waits up
 *	to 10 s for it to appear
 *   hvlis-evdev caps DEV
 *	print the device's identity and capabilities, one per line:
 *	"name N", "id BUS VENDOR PRODUCT VERSION" (hex), "ev TYPE",
 *	"key CODE", "rel CODE", "abs CODE MIN MAX", "msc CODE"
 *   hvlis-evdev read [-b] [-n COUNT] [-t MS] [-T TYPE,...] DEV [CMD ARG...]
 *	open DEV, then run CMD (the host's injection) and wait for it,
 *	then print events as "TYPE CODE VALUE" until COUNT of them were
 *	printed (exit 0) or MS ms (default 5000) passed without one (exit
 *	1); -T prints only events of those types; COUNT 0 reads until the
 *	timeout and exits 0 (to see that nothing arrives); -b reads while
 *	CMD runs, for more events than the device's buffer holds (evdev
 *	drops what a reader leaves there too long), and fails too if CMD
 *	did
 *
 * Numbers are decimal unless said otherwise, as in linux/input.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/input.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define BITS_PER_LONG_ (sizeof(long) * 8)
#define NLONGS(n) (((n) + BITS_PER_LONG_ - 1) / BITS_PER_LONG_)

static bool test_bit_(unsigned int bit, const unsigned long *map)
{
	return map[bit / BITS_PER_LONG_] & (1UL << (bit % BITS_PER_LONG_));
}

static int usage(void)
{
	fprintf(stderr,
		"usage: hvlis-evdev find NAME\n"
		"       hvlis-evdev caps DEV\n"
		"       hvlis-evdev read [-n COUNT] [-t MS] [-T TYPE,...] DEV [CMD ARG...]\n");
	return 2;
}

static int open_dev(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		fprintf(stderr, "hvlis-evdev: %s: %s\n", path, strerror(errno));
	return fd;
}

static int find_once(const char *name)
{
	char path[PATH_MAX], got[256];
	struct dirent *de;
	int found = 0;
	DIR *dir;

	dir = opendir("/dev/input");
	if (!dir)
		return 0;
	while (!found && (de = readdir(dir))) {
		int fd;

		if (strncmp(de->d_name, "event", 5))
			continue;
		snprintf(path, sizeof(path), "/dev/input/%s", de->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		memset(got, 0, sizeof(got));
		if (ioctl(fd, EVIOCGNAME(sizeof(got) - 1), got) >= 0 &&
		    !strcmp(got, name)) {
			printf("%s\n", path);
			found = 1;
		}
		close(fd);
	}
	closedir(dir);
	return found;
}

static int cmd_find(const char *name)
{
	for (int i = 0; i < 100; i++) {
		if (find_once(name))
			return 0;
		usleep(100000);
	}
	fprintf(stderr, "hvlis-evdev: no input device named \"%s\" in 10 s\n", name);
	return 1;
}

static int print_bits(int fd, unsigned int type, unsigned int max, const char *label)
{
	unsigned long bits[NLONGS(KEY_CNT)] = { 0 };

	if (ioctl(fd, EVIOCGBIT(type, sizeof(bits)), bits) < 0) {
		fprintf(stderr, "hvlis-evdev: EVIOCGBIT(%u): %s\n", type, strerror(errno));
		return -1;
	}
	for (unsigned int code = 0; code < max; code++) {
		struct input_absinfo abs;

		if (!test_bit_(code, bits))
			continue;
		if (type != EV_ABS) {
			printf("%s %u\n", label, code);
			continue;
		}
		if (ioctl(fd, EVIOCGABS(code), &abs) < 0) {
			fprintf(stderr, "hvlis-evdev: EVIOCGABS(%u): %s\n", code, strerror(errno));
			return -1;
		}
		printf("abs %u %d %d\n", code, abs.minimum, abs.maximum);
	}
	return 0;
}

static int cmd_caps(const char *path)
{
	unsigned long types[NLONGS(EV_CNT)] = { 0 };
	char name[256] = "";
	struct input_id id;
	int fd, ret = 0;

	fd = open_dev(path);
	if (fd < 0)
		return 1;
	if (ioctl(fd, EVIOCGNAME(sizeof(name) - 1), name) < 0 ||
	    ioctl(fd, EVIOCGID, &id) < 0 ||
	    ioctl(fd, EVIOCGBIT(0, sizeof(types)), types) < 0) {
		fprintf(stderr, "hvlis-evdev: %s: %s\n", path, strerror(errno));
		close(fd);
		return 1;
	}
	printf("name %s\n", name);
	printf("id %04x %04x %04x %04x\n", id.bustype, id.vendor, id.product, id.version);
	for (unsigned int type = 0; type < EV_CNT; type++)
		if (test_bit_(type, types))
			printf("ev %u\n", type);
	if ((test_bit_(EV_KEY, types) && print_bits(fd, EV_KEY, KEY_CNT, "key")) ||
	    (test_bit_(EV_REL, types) && print_bits(fd, EV_REL, REL_CNT, "rel")) ||
	    (test_bit_(EV_ABS, types) && print_bits(fd, EV_ABS, ABS_CNT, "abs")) ||
	    (test_bit_(EV_MSC, types) && print_bits(fd, EV_MSC, MSC_CNT, "msc")))
		ret = 1;
	close(fd);
	return ret;
}

/* "1,3" -> a mask of event types; false on anything else. */
static bool parse_types(const char *arg, unsigned long *mask)
{
	char *end;

	*mask = 0;
	for (;;) {
		unsigned long type = strtoul(arg, &end, 10);

		if (end == arg || type >= EV_CNT || type >= BITS_PER_LONG_)
			return false;
		*mask |= 1UL << type;
		if (!*end)
			return true;
		if (*end != ',')
			return false;
		arg = end + 1;
	}
}

static bool parse_uint(const char *arg, long max, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(arg, &end, 10);
	return !errno && end != arg && !*end && *out >= 0 && *out <= max;
}

static pid_t start_cmd(char **argv)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("hvlis-evdev: fork");
		return -1;
	}
	if (!pid) {
		execvp(argv[0], argv);
		fprintf(stderr, "hvlis-evdev: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

static int wait_cmd(pid_t pid, const char *name)
{
	int status;

	if (waitpid(pid, &status, 0) < 0) {
		perror("hvlis-evdev: waitpid");
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "hvlis-evdev: %s failed (status %d)\n", name, status);
		return -1;
	}
	return 0;
}

static int run_cmd(char **argv)
{
	pid_t pid = start_cmd(argv);

	return pid < 0 ? -1 : wait_cmd(pid, argv[0]);
}

static int cmd_read(int argc, char **argv)
{
	long count = 1, timeout_ms = 5000, printed = 0;
	unsigned long types = ~0UL;
	bool background = false, quiet = false;
	pid_t pid = -1;
	int opt, fd, ret;

	while ((opt = getopt(argc, argv, "+bn:t:T:")) != -1) {
		switch (opt) {
		case 'b':
			background = true;
			break;
		case 'n':
			if (!parse_uint(optarg, INT_MAX, &count))
				return usage();
			break;
		case 't':
			if (!parse_uint(optarg, 600000, &timeout_ms))
				return usage();
			break;
		case 'T':
			if (!parse_types(optarg, &types))
				return usage();
			break;
		default:
			return usage();
		}
	}
	if (optind >= argc)
		return usage();
	fd = open_dev(argv[optind]);
	if (fd < 0)
		return 1;
	if (optind + 1 < argc && background) {
		pid = start_cmd(argv + optind + 1);
		if (pid < 0) {
			close(fd);
			return 1;
		}
	} else if (optind + 1 < argc && run_cmd(argv + optind + 1)) {
		close(fd);
		return 1;
	}
	while (!count || printed < count) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		struct input_event ev;
		ssize_t n;

		ret = poll(&pfd, 1, (int)timeout_ms);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0) {
			perror("hvlis-evdev: poll");
			break;
		}
		if (!ret) {
			quiet = !count;
			if (quiet)
				break;
			fprintf(stderr, "hvlis-evdev: %ld of %ld events in time\n", printed, count);
			break;
		}
		n = read(fd, &ev, sizeof(ev));
		if (n != (ssize_t)sizeof(ev)) {
			/* ENODEV: the device went away under us. */
			fprintf(stderr, "hvlis-evdev: read: %s\n",
				n < 0 ? strerror(errno) : "short event");
			break;
		}
		if (ev.type >= BITS_PER_LONG_ || !(types & (1UL << ev.type)))
			continue;
		printf("%u %u %d\n", ev.type, ev.code, ev.value);
		printed++;
	}
	fflush(stdout);
	close(fd);
	ret = (count ? printed == count : quiet) ? 0 : 1;
	if (pid > 0 && wait_cmd(pid, argv[optind + 1]))
		ret = 1;
	return ret;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "find"))
		return cmd_find(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "caps"))
		return cmd_caps(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "read"))
		return cmd_read(argc - 1, argv + 1);
	return usage();
}
