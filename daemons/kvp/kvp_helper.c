// SPDX-License-Identifier: GPL-2.0-only
/* Running the KVP helper programs; see kvp_helper.h. */
#include "kvp_helper.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ARGS	8

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void exec_child(const char *path, char *const argv[], int out_fd)
{
	static char *const envp[] = {
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"LC_ALL=C", NULL
	};
	sigset_t none;
	int null = open("/dev/null", O_RDWR);

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		if (out_fd < 0)
			dup2(null, STDOUT_FILENO);
	}
	if (out_fd >= 0)
		dup2(out_fd, STDOUT_FILENO);
	execve(path, argv, envp);
	_exit(127);
}

int kvp_helper_run(const char *dir, const char *name, const char *const args[],
		   char *out, size_t size, int timeout_ms, char *why,
		   size_t why_size)
{
	char path[PATH_MAX], sink[512];
	char *argv[MAX_ARGS + 2];
	long long deadline = now_ms() + timeout_ms;
	size_t len = 0;
	int fds[2], status, argc = 0;
	pid_t pid;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path)) {
		snprintf(why, why_size, "the helper path %s/%s is too long", dir, name);
		return -1;
	}
	if (access(path, X_OK) < 0) {
		snprintf(why, why_size, "cannot run the helper %s: %s; install it or pass --helper-dir",
			 path, strerror(errno));
		return -1;
	}
	argv[argc++] = (char *)name;
	for (int i = 0; args && args[i] && argc <= MAX_ARGS; i++)
		argv[argc++] = (char *)args[i];
	argv[argc] = NULL;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		snprintf(why, why_size, "cannot create a pipe for %s: %s", path, strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(why, why_size, "cannot start %s: %s", path, strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0)
		exec_child(path, argv, fds[1]);
	close(fds[1]);
	for (;;) {
		struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
		long long left = deadline - now_ms();
		ssize_t n;
		int ready;

		if (left <= 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			close(fds[0]);
			snprintf(why, why_size, "the helper %s took longer than %d ms and was killed",
				 path, timeout_ms);
			return -1;
		}
		ready = poll(&pfd, 1, (int)(left > INT_MAX ? INT_MAX : left));
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready < 0)
			break;
		if (ready == 0)
			continue;	/* the deadline check above ends it */
		/* Whatever does not fit in out is read and dropped. */
		if (out && len + 1 < size)
			n = read(fds[0], out + len, size - 1 - len);
		else
			n = read(fds[0], sink, sizeof(sink));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (out && len + 1 < size)
			len += (size_t)n;
	}
	close(fds[0]);
	if (out && size)
		out[len] = '\0';
	/* It closed stdout; it may still be running, so the deadline holds. */
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		struct timespec tick = { 0, 10 * 1000 * 1000 };

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			snprintf(why, why_size, "cannot wait for %s: %s", path, strerror(errno));
			return -1;
		}
		if (now_ms() >= deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			snprintf(why, why_size, "the helper %s took longer than %d ms and was killed",
				 path, timeout_ms);
			return -1;
		}
		nanosleep(&tick, NULL);
	}
	if (WIFSIGNALED(status)) {
		snprintf(why, why_size, "the helper %s was killed by signal %d",
			 path, WTERMSIG(status));
		return -1;
	}
	return WEXITSTATUS(status);
}
