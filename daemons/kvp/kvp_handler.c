// SPDX-License-Identifier: GPL-2.0-only
/* One host KVP request, answered; see kvp_handler.h. */
#include "kvp_handler.h"

#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kvp_helper.h"
#include "kvp_ipcfg.h"
#include "kvp_net.h"

#define ROUTE_FILE_MAX	(256 * 1024)

void kvp_handler_init(struct kvp_handler *h)
{
	memset(h, 0, sizeof(*h));
	h->pool_dir = KVP_POOL_DEFAULT_DIR;
	h->helper_dir = HVLIS_LIBEXECDIR;
	h->sysfs_net = KVP_NET_SYSFS;
	h->proc_net = "/proc/net";
	h->auto_env.os_release = "/etc/os-release";
	h->auto_env.os_release_fallback = "/usr/lib/os-release";
}

uint32_t kvp_handler_error(enum kvp_result result)
{
	switch (result) {
	case KVP_OK:
	case KVP_E_TORN:	/* reads: the intact records were used */
	case KVP_E_CORRUPT:
		return HVLIS_KVP_OK;
	case KVP_E_NOT_FOUND:
	case KVP_E_INDEX_RANGE:
		return HVLIS_KVP_E_NOT_FOUND;
	case KVP_E_KEY_TOO_LONG:
	case KVP_E_VALUE_TOO_LONG:
		return HVLIS_KVP_E_NO_SPACE;
	default:
		return HVLIS_KVP_E_FAIL;
	}
}

/* Fits an outgoing string to the host's field, saying so when it had to. */
static void fit(struct kvp_handler *h, char *s, size_t wire, const char *what,
		unsigned int pool)
{
	unsigned int changed = kvp_msg_fit_wire(s, wire);

	if (changed)
		daemon_log_limited(&h->limit, LOG_WARNING,
				   "A %s in KVP pool %u %s%s%s to fit the host's %zu-byte field.",
				   what, pool,
				   changed & KVP_FIT_REPLACED ? "had invalid UTF-8 replaced by '?'" : "",
				   changed == (KVP_FIT_REPLACED | KVP_FIT_TRUNCATED) ? " and " : "",
				   changed & KVP_FIT_TRUNCATED ? "was cut short" : "", wire);
}

static void pool_op(struct kvp_handler *h, const struct kvp_request *req,
		    struct kvp_response *resp)
{
	struct kvp_record rec;
	struct kvp_pool pool;
	enum kvp_result r;

	r = kvp_pool_open(&pool, h->pool_dir, req->pool);
	if (r != KVP_OK) {
		daemon_log_limited(&h->limit, LOG_ERR, "%s", kvp_pool_message(&pool));
		resp->error = HVLIS_KVP_E_FAIL;
		return;
	}
	switch (req->op) {
	case HVLIS_KVP_OP_GET:
		r = kvp_pool_get(&pool, req->key, resp->value);
		break;
	case HVLIS_KVP_OP_SET:
	case HVLIS_KVP_OP_DELETE:
		r = req->op == HVLIS_KVP_OP_SET ?
			kvp_pool_set(&pool, req->key, req->value, 0) :
			kvp_pool_delete(&pool, req->key, 0);
		/* Nobody is there to decide: the daemon repairs a torn pool itself. */
		if (r == KVP_E_TORN) {
			daemon_log_limited(&h->limit, LOG_WARNING, "%s Repairing it to apply the host's %s.",
					   kvp_pool_message(&pool), kvp_msg_op_name(req->op));
			r = req->op == HVLIS_KVP_OP_SET ?
				kvp_pool_set(&pool, req->key, req->value, KVP_POOL_REPAIR) :
				kvp_pool_delete(&pool, req->key, KVP_POOL_REPAIR);
		}
		break;
	default:
		r = kvp_pool_enumerate(&pool, req->index, &rec);
		if (kvp_handler_error(r) == HVLIS_KVP_OK) {
			memcpy(resp->key, rec.key, sizeof(rec.key));
			memcpy(resp->value, rec.value, sizeof(rec.value));
		}
		break;
	}
	resp->error = kvp_handler_error(r);
	/* Missing keys and the end of an enumeration are normal. */
	if (r != KVP_OK && r != KVP_E_NOT_FOUND && r != KVP_E_INDEX_RANGE)
		daemon_log_limited(&h->limit, r == KVP_E_TORN || r == KVP_E_CORRUPT ?
				   LOG_WARNING : LOG_ERR, "%s", kvp_pool_message(&pool));
	kvp_pool_close(&pool);
	if (resp->error == HVLIS_KVP_OK) {
		fit(h, resp->key, HVLIS_KVP_WIRE_KEY_BYTES, "key", req->pool);
		fit(h, resp->value, HVLIS_KVP_WIRE_VALUE_BYTES, "value", req->pool);
	}
}

static void auto_enumerate(struct kvp_handler *h, const struct kvp_request *req,
			   struct kvp_response *resp)
{
	const char *key = kvp_auto_key(req->index);

	if (!key) {
		resp->error = HVLIS_KVP_E_NOT_FOUND;
		return;
	}
	snprintf(resp->key, sizeof(resp->key), "%s", key);
	kvp_auto_value(&h->auto_env, req->index, resp->value, sizeof(resp->value));
	fit(h, resp->value, HVLIS_KVP_WIRE_VALUE_BYTES, "value", req->pool);
}

/* A whole small file into buf (NUL-terminated); its length, 0 if unreadable. */
static size_t slurp(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	while (len + 1 < size) {
		ssize_t n = read(fd, buf + len, size - 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return len;
}

static void gateways(struct kvp_handler *h, const char *ifname, char *out,
		     size_t size)
{
	static char text[ROUTE_FILE_MAX];
	char path[512];
	size_t len;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%s/route", h->proc_net);
	len = slurp(path, text, sizeof(text));
	kvp_route_v4_defaults(text, len, ifname, out, size);
	snprintf(path, sizeof(path), "%s/ipv6_route", h->proc_net);
	len = slurp(path, text, sizeof(text));
	kvp_route_v6_defaults(text, len, ifname, out, size);
}

static void get_ip_info(struct kvp_handler *h, const struct kvp_request *req,
			struct kvp_response *resp)
{
	struct kvp_ip_info *ip = &resp->ip;
	const char *args[] = { NULL, NULL };
	char ifname[IF_NAMESIZE], out[4096], why[512];
	struct ifaddrs *list = NULL;

	if (!kvp_net_find_if(h->sysfs_net, req->ip.adapter_id, ifname)) {
		daemon_log_limited(&h->limit, LOG_WARNING,
				   "The host asked for the IP configuration of adapter \"%.60s\", but no interface has that address.",
				   req->ip.adapter_id);
		/* As upstream's daemon answers: E_FAIL, not "no such key". */
		resp->error = HVLIS_KVP_E_FAIL;
		return;
	}
	snprintf(ip->adapter_id, sizeof(ip->adapter_id), "%s", req->ip.adapter_id);
	if (getifaddrs(&list) == 0) {
		kvp_net_fill_addrs(list, ifname, req->ip.addr_family, ip);
		freeifaddrs(list);
	}
	gateways(h, ifname, ip->gateway, sizeof(ip->gateway));
	args[0] = ifname;
	if (kvp_helper_run(h->helper_dir, "hv_get_dns_info", args, out, sizeof(out),
			   KVP_HELPER_TIMEOUT_MS, why, sizeof(why)) < 0)
		daemon_log_limited(&h->limit, LOG_WARNING, "No DNS servers for %s: %s.", ifname, why);
	else
		kvp_join_lines(out, strlen(out), ip->dns, sizeof(ip->dns));
	if (kvp_helper_run(h->helper_dir, "hv_get_dhcp_info", args, out, sizeof(out),
			   KVP_HELPER_TIMEOUT_MS, why, sizeof(why)) < 0)
		daemon_log_limited(&h->limit, LOG_WARNING, "DHCP state of %s unknown: %s.", ifname, why);
	else
		ip->dhcp_enabled = strstr(out, "Enabled") != NULL;
	fit(h, ip->addr, HVLIS_KVP_WIRE_IP_BYTES, "address list", req->pool);
	fit(h, ip->subnet, HVLIS_KVP_WIRE_IP_BYTES, "subnet list", req->pool);
	fit(h, ip->gateway, HVLIS_KVP_WIRE_GATEWAY_BYTES, "gateway list", req->pool);
	fit(h, ip->dns, HVLIS_KVP_WIRE_IP_BYTES, "DNS list", req->pool);
}

static void set_ip_info(struct kvp_handler *h, const struct kvp_request *req,
			struct kvp_response *resp)
{
	char ifname[IF_NAMESIZE], mac[64] = "", path[4096], why[512];
	const char *args[] = { path, NULL };
	int status;

	resp->error = HVLIS_KVP_E_FAIL;
	if (!kvp_net_find_if(h->sysfs_net, req->ip.adapter_id, ifname)) {
		daemon_log_limited(&h->limit, LOG_WARNING,
				   "The host sent an IP configuration for adapter \"%.60s\", but no interface has that id.",
				   req->ip.adapter_id);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s/address", h->sysfs_net, ifname);
	slurp(path, mac, sizeof(mac));
	mac[strcspn(mac, "\n")] = '\0';
	if (!kvp_ipcfg_write(h->pool_dir, ifname, mac, &req->ip, path, sizeof(path),
			     why, sizeof(why))) {
		daemon_log_limited(&h->limit, LOG_ERR, "Ignoring the host's IP configuration for %s: %s.",
				   ifname, why);
		return;
	}
	status = kvp_helper_run(h->helper_dir, "hv_set_ifconfig", args, NULL, 0,
				KVP_HELPER_TIMEOUT_MS, why, sizeof(why));
	if (status != 0) {
		if (status > 0)
			snprintf(why, sizeof(why), "hv_set_ifconfig exited with status %d", status);
		daemon_log_limited(&h->limit, LOG_ERR, "The host's IP configuration for %s is in %s but was not applied: %s.",
				   ifname, path, why);
		return;
	}
	daemon_log_msg(LOG_INFO, "Applied the host's IP configuration to %s (%s).", ifname, path);
	resp->error = HVLIS_KVP_OK;
}

void kvp_handle(struct kvp_handler *h, const struct kvp_request *req,
		struct kvp_response *resp)
{
	memset(resp, 0, sizeof(*resp));
	resp->id = req->id;
	resp->op = req->op;
	resp->error = HVLIS_KVP_OK;
	switch (req->op) {
	case HVLIS_KVP_OP_ENUMERATE:
		if (req->pool == HVLIS_KVP_POOL_AUTO) {
			auto_enumerate(h, req, resp);
			break;
		}
		/* fall through */
	case HVLIS_KVP_OP_GET:
	case HVLIS_KVP_OP_SET:
	case HVLIS_KVP_OP_DELETE:
		pool_op(h, req, resp);
		break;
	case HVLIS_KVP_OP_GET_IP_INFO:
		get_ip_info(h, req, resp);
		break;
	case HVLIS_KVP_OP_SET_IP_INFO:
		set_ip_info(h, req, resp);
		break;
	default:
		resp->error = HVLIS_KVP_E_FAIL;
		break;
	}
}
