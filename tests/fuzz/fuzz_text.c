// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the daemons' parsers of file and helper input:
 * /etc/os-release (kvp_auto.c), /proc/net/route and ipv6_route, helper
 * output lines (kvp_net.c), hv_timesync_daemon's state file
 * (timesync_state.c), the SET_IP_INFO file writer's checks (kvp_ipcfg.c) and
 * kvp_msg_fit_wire() on pool strings. Input: one selector byte, then
 * the text. Any violation traps: outputs stay NUL-terminated within
 * their buffers, fit_wire's result converts to UTF-16 within the field,
 * an accepted ipcfg file holds no shell metacharacters, and a parsed
 * state formats and parses back to the same numbers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/hvlis_genl.h>

#include "kvp_auto.h"
#include "kvp_ipcfg.h"
#include "kvp_msg.h"
#include "kvp_net.h"
#include "timesync_state.h"
#include "utf16.h"

#define MAX_TEXT	(64 * 1024)

#define CHECK(cond)				\
	do {					\
		if (!(cond))			\
			__builtin_trap();	\
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char text[MAX_TEXT + 1];
static char out[HVLIS_KVP_IP_MAX];
static struct kvp_ip_info ip;
static char cfg[KVP_IPCFG_MAX_BYTES];

static void fuzz_state(const char *t, size_t len)
{
	struct timesync_state st, again;
	char buf[TIMESYNC_STATE_MAX_BYTES], why[256];
	int n;

	if (!timesync_state_parse(t, len, &st, why, sizeof(why)))
		return;
	CHECK(memchr(st.mode, '\0', sizeof(st.mode)));
	CHECK(memchr(st.other_client, '\0', sizeof(st.other_client)));
	n = timesync_state_format(&st, buf, sizeof(buf));
	CHECK(n > 0);
	CHECK(timesync_state_parse(buf, (size_t)n, &again, why, sizeof(why)));
	CHECK(again.pid == st.pid && again.steps == st.steps &&
	      again.last_offset_ns == st.last_offset_ns &&
	      strcmp(again.mode, st.mode) == 0);
}

/* Splits the text on '|' into the SET_IP_INFO fields. */
static void fuzz_ipcfg(char *t)
{
	char *fields[4] = { "", "", "", "" }, why[256];
	char *save = NULL;
	int i = 0;

	memset(&ip, 0, sizeof(ip));
	ip.dhcp_enabled = t[0] == 'D';
	for (char *f = strtok_r(t, "|", &save); f && i < 4; f = strtok_r(NULL, "|", &save))
		fields[i++] = f;
	snprintf(ip.addr, sizeof(ip.addr), "%s", fields[0]);
	snprintf(ip.subnet, sizeof(ip.subnet), "%s", fields[1]);
	snprintf(ip.gateway, sizeof(ip.gateway), "%s", fields[2]);
	snprintf(ip.dns, sizeof(ip.dns), "%s", fields[3]);
	if (!kvp_ipcfg_format("eth0", "00:15:5d:00:00:01", &ip, cfg, sizeof(cfg), why,
			      sizeof(why)))
		return;
	CHECK(strpbrk(cfg, "$`;&|<>\\'(){}*?!~#") == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kvp_os_info os;
	size_t len;

	if (size < 1 || size - 1 > MAX_TEXT)
		return 0;
	len = size - 1;
	memcpy(text, data + 1, len);
	text[len] = '\0';
	out[0] = '\0';
	switch (data[0] % 6) {
	case 0:
		kvp_os_release_parse(text, len, &os);
		CHECK(memchr(os.name, '\0', sizeof(os.name)));
		CHECK(memchr(os.version_id, '\0', sizeof(os.version_id)));
		break;
	case 1:
		kvp_route_v4_defaults(text, len, "eth0", out, sizeof(out));
		kvp_route_v6_defaults(text, len, "eth0", out, sizeof(out));
		CHECK(memchr(out, '\0', sizeof(out)));
		break;
	case 2:
		kvp_join_lines(text, len, out, sizeof(out));
		CHECK(memchr(out, '\0', sizeof(out)));
		break;
	case 3:
		fuzz_state(text, len);
		break;
	case 4:
		fuzz_ipcfg(text);
		break;
	case 5: {
		size_t wire = len % 2 ? HVLIS_KVP_WIRE_KEY_BYTES : HVLIS_KVP_WIRE_VALUE_BYTES;
		int n;

		kvp_msg_fit_wire(text, wire);
		n = hvlis_utf8_to_utf16le(text, strlen(text) + 1, NULL, 0);
		CHECK(n >= 2 && (size_t)n <= wire);
		break;
	}
	}
	return 0;
}
