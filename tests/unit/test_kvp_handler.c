// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of what hv_kvp_daemon does with a host request
 * (daemons/kvp/kvp_handler.c) and of its helpers: pool operations and
 * their error codes, the AUTO pool, os-release parsing, address lists,
 * the route-table parsers, the adapter lookup by MAC and by GUID in a
 * fake sysfs, the helper programs, and the SET_IP_INFO file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <ftw.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <linux/hvlis_genl.h>

#include "kvp_auto.h"
#include "kvp_handler.h"
#include "kvp_helper.h"
#include "kvp_ipcfg.h"
#include "kvp_net.h"
#include "test_dir.h"

struct fixture {
	char dir[64];
	char path[256];
	struct kvp_handler h;
	struct kvp_request req;
	struct kvp_response resp;
};

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	chmod(path, mode);
}

static char *sub(struct fixture *f, const char *name)
{
	snprintf(f->path, sizeof(f->path), "%s/%s", f->dir, name);
	return f->path;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f || test_dir_create(f->dir, sizeof(f->dir), "kvp_handler"))
		return -1;
	kvp_handler_init(&f->h);
	f->h.pool_dir = f->dir;
	mkdir(sub(f, "libexec"), 0755);
	f->h.helper_dir = strdup(f->path);
	mkdir(sub(f, "sys"), 0755);
	f->h.sysfs_net = strdup(f->path);
	mkdir(sub(f, "proc"), 0755);
	f->h.proc_net = strdup(f->path);
	write_file(sub(f, "os-release"), "PRETTY_NAME=\"x\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12.4\"\n", 0644);
	f->h.auto_env.os_release = strdup(f->path);
	f->h.auto_env.os_release_fallback = NULL;
	f->h.auto_env.drv_version = "3.1";
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free((char *)f->h.helper_dir);
	free((char *)f->h.sysfs_net);
	free((char *)f->h.proc_net);
	free((char *)f->h.auto_env.os_release);
	free(f);
	return 0;
}

static void run(struct fixture *f, uint8_t op, uint8_t pool, const char *key,
		const char *value, uint32_t index)
{
	memset(&f->req, 0, sizeof(f->req));
	f->req.id = 99;
	f->req.op = op;
	f->req.pool = pool;
	f->req.index = index;
	snprintf(f->req.key, sizeof(f->req.key), "%s", key ? key : "");
	snprintf(f->req.value, sizeof(f->req.value), "%s", value ? value : "");
	kvp_handle(&f->h, &f->req, &f->resp);
	assert_int_equal(f->resp.id, 99);
	assert_int_equal(f->resp.op, op);
}

static void test_set_get_delete_enumerate(void **state)
{
	struct fixture *f = *state;
	struct stat st;

	run(f, HVLIS_KVP_OP_SET, 0, "HostName", "hv-host-01", 0);
	assert_int_equal(f->resp.error, HVLIS_KVP_OK);
	assert_int_equal(stat(sub(f, ".kvp_pool_0"), &st), 0);
	assert_int_equal(st.st_size, KVP_POOL_RECORD_SIZE);
	assert_int_equal(st.st_mode & 0777, 0644);
	run(f, HVLIS_KVP_OP_GET, 0, "HostName", NULL, 0);
	assert_int_equal(f->resp.error, HVLIS_KVP_OK);
	assert_string_equal(f->resp.value, "hv-host-01");
	run(f, HVLIS_KVP_OP_SET, 0, "Second", "2", 0);
	run(f, HVLIS_KVP_OP_ENUMERATE, 0, NULL, NULL, 1);
	assert_int_equal(f->resp.error, HVLIS_KVP_OK);
	assert_string_equal(f->resp.key, "Second");
	assert_string_equal(f->resp.value, "2");
	run(f, HVLIS_KVP_OP_ENUMERATE, 0, NULL, NULL, 2);
	assert_int_equal(f->resp.error, HVLIS_KVP_E_NOT_FOUND);	/* ends the enumeration */
	run(f, HVLIS_KVP_OP_DELETE, 0, "HostName", NULL, 0);
	assert_int_equal(f->resp.error, HVLIS_KVP_OK);
	run(f, HVLIS_KVP_OP_GET, 0, "HostName", NULL, 0);
	assert_int_equal(f->resp.error, HVLIS_KVP_E_NOT_FOUND);
	run(f, HVLIS_KVP_OP_DELETE, 0, "HostName", NULL, 0);
	assert_int_equal(f->resp.error, HVLIS_KVP_E_NOT_FOUND);
	/* Pool 4 is a file pool like the others. */
	run(f, HVLIS_KVP_OP_SET, 4, "k", "v", 0);
	assert_int_equal(f->resp.error, HVLIS_KVP_OK);
	assert_int_equal(stat(sub(f, ".kvp_pool_4"), &st), 0);
}

static void test_errors(void **state)
{
	struct fixture *f = *state;
	char key[600];

	/* Fits the netlink limit (766) but not the pool file's 511 bytes. */
	memset(key, 'k', 520);
	key[520] = '\0';
	run(f, HVLIS_KVP_OP_SET, 1, key, "v", 0);
	assert_int_equal(f->resp.error, HVLIS_KVP_E_NO_SPACE);
	run(f, HVLIS_KVP_OP_SET, 1, "", "v", 0);
	assert_int_equal(f->resp.error, HVLIS_KVP_E_FAIL);
	f->h.pool_dir = "/nonexistent/hv-lis-test";
	run(f, HVLIS_KVP_OP_GET, 1, "k", NULL, 0);
	assert_int_equal(f->resp.error, HVLIS_KVP_E_FAIL);
	f->h.pool_dir = f->dir;
	assert_int_equal(kvp_handler_error(KVP_E_TORN), HVLIS_KVP_OK);
	assert_int_equal(kvp_handler_error(KVP_E_IO), HVLIS_KVP_E_FAIL);
	assert_int_equal(kvp_handler_error(KVP_E_INDEX_RANGE), HVLIS_KVP_E_NOT_FOUND);
}

static void test_torn_pool_is_repaired_by_set(void **state)
{
	struct fixture *f = *state;
	struct stat st;
	FILE *fp;

	run(f, HVLIS_KVP_OP_SET, 1, "a", "1", 0);
	fp = fopen(sub(f, ".kvp_pool_1"), "a");
	fputs("torn", fp);
	fclose(fp);
	/* Reads still answer from the whole records. */
	run(f, HVLIS_KVP_OP_GET, 1, "a", NULL, 0);
	assert_int_equal(f->resp.error, HVLIS_KVP_OK);
	assert_string_equal(f->resp.value, "1");
	run(f, HVLIS_KVP_OP_SET, 1, "b", "2", 0);
	assert_int_equal(f->resp.error, HVLIS_KVP_OK);
	assert_int_equal(stat(sub(f, ".kvp_pool_1"), &st), 0);
	assert_int_equal(st.st_size, 2 * KVP_POOL_RECORD_SIZE);
}

static void test_enumerate_fits_wire(void **state)
{
	struct fixture *f = *state;
	char value[KVP_POOL_VALUE_SIZE];

	/* 2047 ASCII bytes: more than the host's 1023 units. */
	memset(value, 'v', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';
	run(f, HVLIS_KVP_OP_SET, 1, "long", value, 0);
	run(f, HVLIS_KVP_OP_ENUMERATE, 1, NULL, NULL, 0);
	assert_int_equal(f->resp.error, HVLIS_KVP_OK);
	assert_int_equal(strlen(f->resp.value), HVLIS_KVP_WIRE_VALUE_BYTES / 2 - 1);
}

static void test_auto_pool(void **state)
{
	struct fixture *f = *state;
	struct utsname un;
	static const char *const keys[] = {
		"FullyQualifiedDomainName", "IntegrationServicesVersion",
		"NetworkAddressIPv4", "NetworkAddressIPv6", "OSBuildNumber", "OSName",
		"OSMajorVersion", "OSMinorVersion", "OSVersion", "ProcessorArchitecture",
	};

	assert_int_equal(uname(&un), 0);
	for (unsigned int i = 0; i < 10; i++) {
		run(f, HVLIS_KVP_OP_ENUMERATE, HVLIS_KVP_POOL_AUTO, NULL, NULL, i);
		assert_int_equal(f->resp.error, HVLIS_KVP_OK);
		assert_string_equal(f->resp.key, keys[i]);
		switch (i) {
		case 1:
			assert_string_equal(f->resp.value, "3.1");
			break;
		case 4:
			assert_string_equal(f->resp.value, un.release);
			break;
		case 5:
			assert_string_equal(f->resp.value, "Debian GNU/Linux");
			break;
		case 6:
			assert_string_equal(f->resp.value, "12");
			break;
		case 7:
			assert_string_equal(f->resp.value, "4");
			break;
		case 9:
			assert_string_equal(f->resp.value, un.machine);
			break;
		case 0:
			assert_true(strlen(f->resp.value) > 0);
			break;
		}
	}
	run(f, HVLIS_KVP_OP_ENUMERATE, HVLIS_KVP_POOL_AUTO, NULL, NULL, 10);
	assert_int_equal(f->resp.error, HVLIS_KVP_E_NOT_FOUND);
	run(f, HVLIS_KVP_OP_ENUMERATE, HVLIS_KVP_POOL_AUTO, NULL, NULL, UINT32_MAX);
	assert_int_equal(f->resp.error, HVLIS_KVP_E_NOT_FOUND);
	/* No os-release at all: OSName falls back to uname. */
	f->h.auto_env.os_release_fallback = "/nonexistent";
	unlink(f->h.auto_env.os_release);
	run(f, HVLIS_KVP_OP_ENUMERATE, HVLIS_KVP_POOL_AUTO, NULL, NULL, 5);
	assert_string_equal(f->resp.value, un.sysname);
	f->h.auto_env.os_release_fallback = NULL;
}

static void test_os_release_parse(void **state)
{
	struct kvp_os_info info;
	const char *text = "NAME='Single Quoted'\n# NAME=comment\nVERSION_ID=\"1\\\"2\"\n"
			   "NAMEX=no\nVERSION_ID_LIKE=no";
	char major[16], minor[16];

	(void)state;
	kvp_os_release_parse(text, strlen(text), &info);
	assert_string_equal(info.name, "Single Quoted");
	assert_string_equal(info.version_id, "1\"2");
	kvp_os_release_parse("NAME=Bare\nVERSION_ID=", 22, &info);
	assert_string_equal(info.name, "Bare");
	assert_string_equal(info.version_id, "");
	kvp_os_release_parse("NAME=\"unterminated", 18, &info);
	assert_string_equal(info.name, "unterminated");
	kvp_split_version("12.4.1", major, minor, sizeof(major));
	assert_string_equal(major, "12");
	assert_string_equal(minor, "4");
	kvp_split_version("12", major, minor, sizeof(major));
	assert_string_equal(minor, "");
	kvp_split_version("", major, minor, sizeof(major));
	assert_string_equal(major, "");
	kvp_os_version("6.1.0-13-amd64", major, sizeof(major));
	assert_string_equal(major, "6.1.0");
}

static void test_format_addrs(void **state)
{
	struct sockaddr_in a4 = { .sin_family = AF_INET }, b4 = { .sin_family = AF_INET };
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	struct ifaddrs lo = { .ifa_name = "lo", .ifa_flags = IFF_LOOPBACK,
			      .ifa_addr = (struct sockaddr *)&b4 };
	struct ifaddrs e6 = { .ifa_next = &lo, .ifa_name = "eth0",
			      .ifa_addr = (struct sockaddr *)&a6 };
	struct ifaddrs e4 = { .ifa_next = &e6, .ifa_name = "eth0",
			      .ifa_addr = (struct sockaddr *)&a4 };
	struct ifaddrs none = { .ifa_next = &e4, .ifa_name = "eth1" };
	char out[64];

	(void)state;
	inet_pton(AF_INET, "192.0.2.5", &a4.sin_addr);
	inet_pton(AF_INET, "127.0.0.1", &b4.sin_addr);
	inet_pton(AF_INET6, "2001:db8::5", &a6.sin6_addr);
	kvp_format_addrs(&none, AF_INET, out, sizeof(out), 1023);
	assert_string_equal(out, "192.0.2.5");
	kvp_format_addrs(&none, AF_INET6, out, sizeof(out), 1023);
	assert_string_equal(out, "2001:db8::5");
	/* Whole addresses only. */
	kvp_format_addrs(&none, AF_INET, out, sizeof(out), 5);
	assert_string_equal(out, "");
}

static void test_route_parsers(void **state)
{
	const char *v4 =
		"Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\n"
		"eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\n"
		"eth0\t000200C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\n"
		"eth1\t00000000\t010A000A\t0003\t0\t0\t100\t00000000\n"
		"garbage line\n";
	const char *v6 =
		"00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
		"fe800000000000000000000000000001 00000400 00000001 00000000 00000003 eth0\n"
		"20010db8000000000000000000000000 40 00000000000000000000000000000000 00 "
		"00000000000000000000000000000000 00000100 00000001 00000000 00000001 eth0\n"
		"00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
		"zz800000000000000000000000000001 00000400 00000001 00000000 00000003 eth0\n";
	char out[128] = "";

	(void)state;
	kvp_route_v4_defaults(v4, strlen(v4), "eth0", out, sizeof(out));
	assert_string_equal(out, "192.0.2.1");
	kvp_route_v6_defaults(v6, strlen(v6), "eth0", out, sizeof(out));
	assert_string_equal(out, "192.0.2.1;fe80::1");
	out[0] = '\0';
	kvp_route_v4_defaults(v4, strlen(v4), "eth2", out, sizeof(out));
	assert_string_equal(out, "");
	kvp_join_lines("  192.0.2.53 \n\n10.0.0.1\r\n", 26, out, sizeof(out));
	assert_string_equal(out, "192.0.2.53;10.0.0.1");
}

static void test_mac_and_find_if(void **state)
{
	struct fixture *f = *state;
	char mac[13], ifname[IF_NAMESIZE];

	assert_true(kvp_net_normalize_mac("00:15:5d:0a:0B:0c", mac));
	assert_string_equal(mac, "00155D0A0B0C");
	assert_true(kvp_net_normalize_mac("00-15-5D-0A-0B-0C", mac));
	assert_false(kvp_net_normalize_mac("00:15:5d:0a:0b", mac));
	assert_false(kvp_net_normalize_mac("00:15:5d:0a:0b:0c:0d", mac));
	assert_false(kvp_net_normalize_mac("zz:15:5d:0a:0b:0c", mac));

	mkdir(sub(f, "sys/eth0"), 0755);
	mkdir(sub(f, "sys/eth0/device"), 0755);
	write_file(sub(f, "sys/eth0/address"), "00:15:5d:0a:0b:0c\n", 0644);
	write_file(sub(f, "sys/eth0/device/device_id"),
		   "{3d8e3a8b-1c1b-4e5e-9f2b-0123456789ab}\n", 0644);
	mkdir(sub(f, "sys/eth1"), 0755);
	write_file(sub(f, "sys/eth1/address"), "00:15:5d:ff:ff:ff\n", 0644);
	assert_true(kvp_net_find_if(f->h.sysfs_net, "00-15-5D-0A-0B-0C", ifname));
	assert_string_equal(ifname, "eth0");
	assert_true(kvp_net_find_if(f->h.sysfs_net, "00155dffffff", ifname));
	assert_string_equal(ifname, "eth1");
	assert_true(kvp_net_find_if(f->h.sysfs_net, "3D8E3A8B-1C1B-4E5E-9F2B-0123456789AB",
				    ifname));
	assert_string_equal(ifname, "eth0");
	assert_true(kvp_net_find_if(f->h.sysfs_net, "{3d8e3a8b-1c1b-4e5e-9f2b-0123456789ab}",
				    ifname));
	assert_false(kvp_net_find_if(f->h.sysfs_net, "00:15:5d:00:00:00", ifname));
	assert_false(kvp_net_find_if(f->h.sysfs_net, "not an id", ifname));
}

static void test_helper_run(void **state)
{
	struct fixture *f = *state;
	const char *args[] = { "eth0", "with space", NULL };
	char out[32], why[256];

	write_file(sub(f, "libexec/echo_args"), "#!/bin/sh\necho \"$1|$2\"\nexit 3\n", 0755);
	assert_int_equal(kvp_helper_run(f->h.helper_dir, "echo_args", args, out, sizeof(out),
					2000, why, sizeof(why)), 3);
	assert_string_equal(out, "eth0|with space\n");
	/* Output past the buffer is dropped, not overflowed. */
	write_file(sub(f, "libexec/chatty"), "#!/bin/sh\nyes | head -c 100000\n", 0755);
	why[0] = '\0';
	assert_int_equal(kvp_helper_run(f->h.helper_dir, "chatty", NULL, out, sizeof(out),
					2000, why, sizeof(why)), 0);
	assert_string_equal(why, "");
	assert_int_equal(strlen(out), sizeof(out) - 1);
	write_file(sub(f, "libexec/slow"), "#!/bin/sh\nexec sleep 10\n", 0755);
	assert_int_equal(kvp_helper_run(f->h.helper_dir, "slow", NULL, out, sizeof(out),
					200, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "took longer than 200 ms"));
	assert_int_equal(kvp_helper_run(f->h.helper_dir, "missing", NULL, out, sizeof(out),
					200, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "cannot run the helper"));
}

static void test_get_ip_info(void **state)
{
	struct fixture *f = *state;

	/* The fake sysfs maps a MAC to the real loopback interface. */
	mkdir(sub(f, "sys/lo"), 0755);
	write_file(sub(f, "sys/lo/address"), "00:00:00:00:00:01\n", 0644);
	write_file(sub(f, "proc/route"),
		   "Iface\tDestination\tGateway\tFlags\nlo\t00000000\t0100007F\t0003\n", 0644);
	write_file(sub(f, "proc/ipv6_route"), "", 0644);
	write_file(sub(f, "libexec/hv_get_dns_info"), "#!/bin/sh\necho 192.0.2.53\necho 192.0.2.54\n", 0755);
	write_file(sub(f, "libexec/hv_get_dhcp_info"), "#!/bin/sh\necho Enabled\n", 0755);
	memset(&f->req, 0, sizeof(f->req));
	f->req.op = HVLIS_KVP_OP_GET_IP_INFO;
	f->req.ip.addr_family = HVLIS_KVP_ADDR_FAMILY_IPV4;
	strcpy(f->req.ip.adapter_id, "00-00-00-00-00-01");
	kvp_handle(&f->h, &f->req, &f->resp);
	assert_int_equal(f->resp.error, HVLIS_KVP_OK);
	assert_string_equal(f->resp.ip.adapter_id, "00-00-00-00-00-01");
	assert_non_null(strstr(f->resp.ip.addr, "127.0.0.1"));
	assert_non_null(strstr(f->resp.ip.subnet, "255.0.0.0"));
	assert_null(strstr(f->resp.ip.addr, "::1"));	/* IPv4 asked for */
	assert_int_equal(f->resp.ip.addr_family, HVLIS_KVP_ADDR_FAMILY_IPV4);
	assert_string_equal(f->resp.ip.gateway, "127.0.0.1");
	assert_string_equal(f->resp.ip.dns, "192.0.2.53;192.0.2.54");
	assert_int_equal(f->resp.ip.dhcp_enabled, 1);

	strcpy(f->req.ip.adapter_id, "00-00-00-00-00-02");
	kvp_handle(&f->h, &f->req, &f->resp);
	assert_int_equal(f->resp.error, HVLIS_KVP_E_FAIL);
}

static void test_set_ip_info(void **state)
{
	struct fixture *f = *state;
	char *text;
	FILE *fp;
	long n;

	mkdir(sub(f, "sys/eth0"), 0755);
	mkdir(sub(f, "sys/eth0/device"), 0755);
	write_file(sub(f, "sys/eth0/address"), "00:15:5d:0a:0b:0c\n", 0644);
	write_file(sub(f, "sys/eth0/device/device_id"),
		   "{3d8e3a8b-1c1b-4e5e-9f2b-0123456789ab}\n", 0644);
	snprintf(f->path, sizeof(f->path),
		 "#!/bin/sh\ncp \"$1\" %s/applied\n", f->dir);
	{
		char script[256];

		snprintf(script, sizeof(script), "%s", f->path);
		write_file(sub(f, "libexec/hv_set_ifconfig"), script, 0755);
	}
	memset(&f->req, 0, sizeof(f->req));
	f->req.op = HVLIS_KVP_OP_SET_IP_INFO;
	strcpy(f->req.ip.adapter_id, "{3D8E3A8B-1C1B-4E5E-9F2B-0123456789AB}");
	strcpy(f->req.ip.addr, "192.0.2.5;192.0.2.6;2001:db8::5");
	strcpy(f->req.ip.subnet, "255.255.255.0;24;64");
	strcpy(f->req.ip.gateway, "192.0.2.1;2001:db8::1");
	strcpy(f->req.ip.dns, "192.0.2.53");
	kvp_handle(&f->h, &f->req, &f->resp);
	assert_int_equal(f->resp.error, HVLIS_KVP_OK);
	fp = fopen(sub(f, "applied"), "r");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	text = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(text, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	assert_string_equal(text,
		"HWADDR=00:15:5d:0a:0b:0c\nDEVICE=eth0\nBOOTPROTO=none\n"
		"IPADDR=192.0.2.5\nNETMASK=255.255.255.0\n"
		"IPADDR1=192.0.2.6\nNETMASK1=255.255.255.0\n"
		"IPV6INIT=yes\nIPV6ADDR=2001:db8::5/64\n"
		"GATEWAY=192.0.2.1\nIPV6_DEFAULTGW=2001:db8::1\nDNS1=192.0.2.53\n");
	free(text);

	/* A hostile address never reaches the file or the helper. */
	unlink(sub(f, "applied"));
	strcpy(f->req.ip.addr, "192.0.2.5;$(reboot)");
	strcpy(f->req.ip.subnet, "24;24");
	kvp_handle(&f->h, &f->req, &f->resp);
	assert_int_equal(f->resp.error, HVLIS_KVP_E_FAIL);
	assert_int_equal(access(sub(f, "applied"), F_OK), -1);
}

static void test_ipcfg_format_checks(void **state)
{
	struct kvp_ip_info ip;
	char out[1024], why[256];

	(void)state;
	memset(&ip, 0, sizeof(ip));
	ip.dhcp_enabled = 1;
	strcpy(ip.addr, "ignored;for;dhcp");
	assert_true(kvp_ipcfg_format("eth0", "m", &ip, out, sizeof(out), why, sizeof(why)));
	assert_string_equal(out, "HWADDR=m\nDEVICE=eth0\nBOOTPROTO=dhcp\n");
	ip.dhcp_enabled = 0;
	strcpy(ip.addr, "192.0.2.5");
	strcpy(ip.subnet, "");
	assert_false(kvp_ipcfg_format("eth0", "m", &ip, out, sizeof(out), why, sizeof(why)));
	assert_non_null(strstr(why, "1 addresses but 0 subnets"));
	strcpy(ip.subnet, "33");
	assert_false(kvp_ipcfg_format("eth0", "m", &ip, out, sizeof(out), why, sizeof(why)));
	assert_non_null(strstr(why, "not an IPv4 netmask"));
	strcpy(ip.subnet, "0");
	assert_true(kvp_ipcfg_format("eth0", "m", &ip, out, sizeof(out), why, sizeof(why)));
	assert_non_null(strstr(out, "NETMASK=0.0.0.0\n"));
	strcpy(ip.dns, "8.8.8.8;not-an-ip");
	assert_false(kvp_ipcfg_format("eth0", "m", &ip, out, sizeof(out), why, sizeof(why)));
	assert_non_null(strstr(why, "DNS server"));
	strcpy(ip.dns, "");
	strcpy(ip.addr, "2001:db8::1;2001:db8::2;2001:db8::3");
	strcpy(ip.subnet, "/64;64;128");
	assert_true(kvp_ipcfg_format("eth0", "m", &ip, out, sizeof(out), why, sizeof(why)));
	assert_non_null(strstr(out, "IPV6ADDR_SECONDARIES=\"2001:db8::2/64 2001:db8::3/128\"\n"));
	/* Too small an output buffer is an error, not a cut file. */
	assert_false(kvp_ipcfg_format("eth0", "m", &ip, out, 40, why, sizeof(why)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_set_get_delete_enumerate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_pool_is_repaired_by_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enumerate_fits_wire, setup, teardown),
		cmocka_unit_test_setup_teardown(test_auto_pool, setup, teardown),
		cmocka_unit_test(test_os_release_parse),
		cmocka_unit_test(test_format_addrs),
		cmocka_unit_test(test_route_parsers),
		cmocka_unit_test_setup_teardown(test_mac_and_find_if, setup, teardown),
		cmocka_unit_test_setup_teardown(test_helper_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_ip_info, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_ip_info, setup, teardown),
		cmocka_unit_test(test_ipcfg_format_checks),
	};

	return cmocka_run_group_tests_name("kvp_handler", tests, NULL, NULL);
}
