// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated host's KVP requests (protocol-vmbus.md 9.4), driven
 * through debugfs "ic_kvp". A write sends one request and returns when
 * the guest has answered (or with -ETIMEDOUT); a read shows the answer:
 *
 *   set <pool> <key> <value...>      REG_SZ; the value is the rest of the line
 *   set_u32 <pool> <key> <n>         REG_U32 / REG_U64 binary values
 *   set_u64 <pool> <key> <n>
 *   get <pool> <key>
 *   delete <pool> <key>
 *   enum <pool> <index>
 *   get_ip <adapter_id> <family>
 *   set_ip <adapter_id> <family> <dhcp> <ip> <subnet> <gateway> <dns>
 *                                    ("-" for an empty field)
 *   bad <kind>                       a malformed request the guest must
 *                                    refuse with E_FAIL: pool, op, short,
 *                                    key_size, no_nul, surrogate, value_type
 *   repeat <n> <command...>          the command n times back to back (for
 *                                    benchmarks); the read ends with
 *                                    "repeat <n> ns <elapsed>"
 *
 * Strings go to the wire with the kernel's own NLS conversion, not the
 * guest's src/common/utf16.c, so a bug there cannot hide on both sides.
 * Every successful answer is checked: sizes that count the string and
 * its NUL exactly, REG_SZ, strings terminated inside their fields.
 */
#define pr_fmt(fmt) "vmbus_sim: " fmt

#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/nls.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ic.h"
#include "sim.h"

#define SIM_KVP_OUT	8192	/* the text a read shows */

static DEFINE_MUTEX(sim_kvp_lock);	/* one command at a time; the text */
static char sim_kvp_out[SIM_KVP_OUT];	/* the last answer, as text */
static size_t sim_kvp_out_len;

/* UTF-8 @s into a @bytes-byte UTF-16LE field with its NUL: the bytes used. */
static int sim_kvp_to_wire(const char *s, u8 *field, u32 bytes)
{
	size_t len = strlen(s);
	wchar_t *tmp;
	int units;

	tmp = kcalloc(len + 1, sizeof(*tmp), GFP_KERNEL);
	if (!tmp)
		return -ENOMEM;
	units = utf8s_to_utf16s(s, len, UTF16_LITTLE_ENDIAN, tmp, len + 1);
	if (units >= 0 && units > bytes / 2 - 1)
		units = -E2BIG;
	if (units >= 0) {
		memset(field, 0, bytes);
		memcpy(field, tmp, units * 2);
	}
	kfree(tmp);
	return units < 0 ? units : (units + 1) * 2;
}

/* The units of a field's string before its NUL; false if it has none. */
static bool sim_kvp_units(const u8 *field, u32 bytes, u32 *units)
{
	u32 i;

	for (i = 0; i + 1 < bytes; i += 2) {
		if (!field[i] && !field[i + 1]) {
			*units = i / 2;
			return true;
		}
	}
	return false;
}

static __printf(1, 2) void sim_kvp_print(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	sim_kvp_out_len += vscnprintf(sim_kvp_out + sim_kvp_out_len,
				      SIM_KVP_OUT - sim_kvp_out_len, fmt, args);
	va_end(args);
}

/* "<name> <the field's text>" on a line of its own. */
static void sim_kvp_show(const char *name, const u8 *field, u32 bytes)
{
	u32 units = bytes / 2;
	int len;

	sim_kvp_units(field, bytes, &units);
	sim_kvp_print("%s ", name);
	len = utf16s_to_utf8s((const wchar_t *)field, units, UTF16_LITTLE_ENDIAN,
			      sim_kvp_out + sim_kvp_out_len,
			      SIM_KVP_OUT - sim_kvp_out_len - 2);
	sim_kvp_out_len += max(len, 0);
	sim_kvp_print("\n");
}

/*
 * A string the guest put in a field: terminated inside it and, when the
 * message has a size for it, counted exactly (2 bytes per unit and 2
 * for the NUL).
 */
static void sim_kvp_check_str(const char *what, const u8 *field, u32 bytes,
			      const __le32 *size)
{
	u32 units;

	if (!sim_kvp_units(field, bytes, &units)) {
		sim_violation("kvp: the answer's %s is not NUL-terminated in its %u bytes\n",
			      what, bytes);
		return;
	}
	if (size && le32_to_cpu(*size) != (units + 1) * 2)
		sim_violation("kvp: the answer's %s has %u units but its size says %u bytes\n",
			      what, units, le32_to_cpu(*size));
}

/* Check the answer to @op and show it; @ans is the service data. */
static void sim_kvp_answer(u8 op, u32 status, const u8 *ans, int len)
{
	const struct vmbus_kvp_msg *m = (const void *)ans;
	const struct vmbus_kvp_ip_msg *ip = (const void *)ans;
	const struct vmbus_kvp_value *v;

	sim_kvp_out_len = 0;
	sim_kvp_print("status 0x%08x\n", status);
	if (status != HV_S_OK && status != HV_S_CONT && status != HV_E_FAIL &&
	    status != HV_ERROR_DISK_FULL)
		sim_violation("kvp: an answer with the unknown status %#x\n", status);
	if (status != HV_S_OK)
		return;
	switch (op) {
	case KVP_OP_GET:
	case KVP_OP_ENUMERATE:
		v = op == KVP_OP_GET ? &m->body.get : &m->body.enumerate.data;
		if (len < (int)((const u8 *)(v + 1) - ans))
			return;	/* the framework counted the short answer */
		if (le32_to_cpu(v->value_type) != KVP_REG_SZ)
			sim_violation("kvp: an answer with value_type %u, not REG_SZ\n",
				      le32_to_cpu(v->value_type));
		if (op == KVP_OP_ENUMERATE) {
			sim_kvp_check_str("key", v->key, sizeof(v->key), &v->key_size);
			sim_kvp_show("key", v->key, sizeof(v->key));
		}
		sim_kvp_check_str("value", v->value, sizeof(v->value), &v->value_size);
		sim_kvp_show("value", v->value, sizeof(v->value));
		break;
	case KVP_OP_GET_IP_INFO:
		if (len < (int)sizeof(*ip))
			return;
		sim_kvp_check_str("adapter_id", ip->adapter_id, sizeof(ip->adapter_id), NULL);
		sim_kvp_check_str("ip_addr", ip->ip_addr, sizeof(ip->ip_addr), NULL);
		sim_kvp_check_str("sub_net", ip->sub_net, sizeof(ip->sub_net), NULL);
		sim_kvp_check_str("gate_way", ip->gate_way, sizeof(ip->gate_way), NULL);
		sim_kvp_check_str("dns_addr", ip->dns_addr, sizeof(ip->dns_addr), NULL);
		sim_kvp_show("adapter", ip->adapter_id, sizeof(ip->adapter_id));
		sim_kvp_print("family %u\ndhcp %u\n", ip->addr_family, ip->dhcp_enabled);
		sim_kvp_show("ip", ip->ip_addr, sizeof(ip->ip_addr));
		sim_kvp_show("subnet", ip->sub_net, sizeof(ip->sub_net));
		sim_kvp_show("gateway", ip->gate_way, sizeof(ip->gate_way));
		sim_kvp_show("dns", ip->dns_addr, sizeof(ip->dns_addr));
		break;
	}
}

/* Send the request in @msg (@size bytes of service data) and take the answer. */
static int sim_kvp_send(u8 op, const void *msg, u32 size, enum sim_ic_expect expect)
{
	u8 *ans;
	u32 status;
	int ret, len;

	ret = sim_ic_request(SIM_IC_KVP, ICMSGTYPE_KVPEXCHANGE, msg, size, 0, expect);
	if (ret)
		return ret;
	ans = kzalloc(SIM_IC_MAX_MSG, GFP_KERNEL);
	if (!ans)
		return -ENOMEM;
	len = sim_ic_last_answer(SIM_IC_KVP, &status, ans, SIM_IC_MAX_MSG);
	if (len >= 0)
		sim_kvp_answer(expect == SIM_IC_EXPECT_FAIL ? KVP_OP_SET : op,
			       status, ans, len);
	kfree(ans);
	return len < 0 ? len : 0;
}

static int sim_kvp_parse_u8(const char *s, unsigned int max, u8 *out)
{
	unsigned int v;

	if (!s || kstrtouint(s, 0, &v) || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

/* A malformed request of @kind: the guest must answer E_FAIL. */
static int sim_kvp_bad(struct vmbus_kvp_msg *m, const char *kind)
{
	u32 size = sizeof(*m);
	int i;

	m->hdr.operation = KVP_OP_SET;
	m->hdr.pool = 0;
	m->body.set.value_type = cpu_to_le32(KVP_REG_SZ);
	m->body.set.key_size = cpu_to_le32(sim_kvp_to_wire("k", m->body.set.key,
							   KVP_KEY_BYTES));
	m->body.set.value_size = cpu_to_le32(sim_kvp_to_wire("v", m->body.set.value,
							     KVP_VALUE_BYTES));
	if (!strcmp(kind, "pool")) {
		m->hdr.pool = KVP_POOL_COUNT;
	} else if (!strcmp(kind, "op")) {
		m->hdr.operation = 9;
	} else if (!strcmp(kind, "short")) {
		size = offsetof(struct vmbus_kvp_msg, body.set.value) + 16;
	} else if (!strcmp(kind, "key_size")) {
		m->body.set.key_size = cpu_to_le32(KVP_KEY_BYTES + 2);
	} else if (!strcmp(kind, "no_nul")) {
		for (i = 0; i < KVP_KEY_BYTES; i += 2) {
			m->body.set.key[i] = 'A';
			m->body.set.key[i + 1] = 0;
		}
		m->body.set.key_size = cpu_to_le32(KVP_KEY_BYTES);
	} else if (!strcmp(kind, "surrogate")) {
		/* A lone high surrogate, then the NUL. */
		m->body.set.key[0] = 0x00;
		m->body.set.key[1] = 0xd8;
		m->body.set.key[2] = 0;
		m->body.set.key[3] = 0;
		m->body.set.key_size = cpu_to_le32(4);
	} else if (!strcmp(kind, "value_type")) {
		m->body.set.value_type = cpu_to_le32(3);	/* REG_BINARY */
	} else {
		return -EINVAL;
	}
	return sim_kvp_send(KVP_OP_SET, m, size, SIM_IC_EXPECT_FAIL);
}

/* "-" is the empty string. */
static const char *sim_kvp_arg(char **p)
{
	char *s = strsep(p, " ");

	return s && !strcmp(s, "-") ? "" : s;
}

static int sim_kvp_ip(struct vmbus_kvp_ip_msg *ip, u8 op, char *p)
{
	const char *fields[4];
	u8 *dst[4] = { ip->ip_addr, ip->sub_net, ip->gate_way, ip->dns_addr };
	const u32 sizes[4] = { sizeof(ip->ip_addr), sizeof(ip->sub_net),
			       sizeof(ip->gate_way), sizeof(ip->dns_addr) };
	const char *adapter = sim_kvp_arg(&p);
	int i, ret;

	ip->operation = op;
	ip->pool = 0;
	if (!adapter || sim_kvp_parse_u8(sim_kvp_arg(&p), U8_MAX, &ip->addr_family))
		return -EINVAL;
	ret = sim_kvp_to_wire(adapter, ip->adapter_id, sizeof(ip->adapter_id));
	if (ret < 0)
		return ret;
	if (op == KVP_OP_SET_IP_INFO) {
		if (sim_kvp_parse_u8(sim_kvp_arg(&p), 1, &ip->dhcp_enabled))
			return -EINVAL;
		for (i = 0; i < 4; i++) {
			fields[i] = sim_kvp_arg(&p);
			if (!fields[i])
				return -EINVAL;
			ret = sim_kvp_to_wire(fields[i], dst[i], sizes[i]);
			if (ret < 0)
				return ret;
		}
	}
	return sim_kvp_send(op, ip, sizeof(*ip), SIM_IC_EXPECT_ANY);
}

static int sim_kvp_command(char *p)
{
	const char *cmd = strsep(&p, " ");
	struct vmbus_kvp_value *v;
	struct vmbus_kvp_msg *m;
	const char *key;
	u8 op, pool;
	u64 n;
	int ret;

	m = kzalloc(max(sizeof(*m), sizeof(struct vmbus_kvp_ip_msg)), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	v = &m->body.set;
	if (!strcmp(cmd, "bad")) {
		ret = p ? sim_kvp_bad(m, p) : -EINVAL;
		goto out;
	}
	if (!strcmp(cmd, "get_ip") || !strcmp(cmd, "set_ip")) {
		ret = sim_kvp_ip((void *)m, cmd[0] == 'g' ? KVP_OP_GET_IP_INFO :
				 KVP_OP_SET_IP_INFO, p);
		goto out;
	}
	ret = -EINVAL;
	if (sim_kvp_parse_u8(strsep(&p, " "), U8_MAX, &pool))
		goto out;
	m->hdr.pool = pool;
	if (!strcmp(cmd, "enum")) {
		u32 index;

		if (!p || kstrtou32(p, 0, &index))
			goto out;
		m->hdr.operation = KVP_OP_ENUMERATE;
		m->body.enumerate.index = cpu_to_le32(index);
		ret = sim_kvp_send(KVP_OP_ENUMERATE, m,
				   offsetofend(struct vmbus_kvp_msg, body.enumerate),
				   SIM_IC_EXPECT_ANY);
		goto out;
	}
	key = strsep(&p, " ");
	if (!key)
		goto out;
	if (!strcmp(cmd, "delete")) {
		ret = sim_kvp_to_wire(key, m->body.del.key, KVP_KEY_BYTES);
		if (ret < 0)
			goto out;
		m->hdr.operation = KVP_OP_DELETE;
		m->body.del.key_size = cpu_to_le32(ret);
		ret = sim_kvp_send(KVP_OP_DELETE, m,
				   offsetofend(struct vmbus_kvp_msg, body.del),
				   SIM_IC_EXPECT_ANY);
		goto out;
	}
	ret = sim_kvp_to_wire(key, v->key, KVP_KEY_BYTES);
	if (ret < 0)
		goto out;
	v->key_size = cpu_to_le32(ret);
	if (!strcmp(cmd, "get")) {
		op = KVP_OP_GET;
	} else if (!strcmp(cmd, "set")) {
		op = KVP_OP_SET;
		ret = sim_kvp_to_wire(p ? p : "", v->value, KVP_VALUE_BYTES);
		if (ret < 0)
			goto out;
		v->value_type = cpu_to_le32(KVP_REG_SZ);
		v->value_size = cpu_to_le32(ret);
	} else if (!strcmp(cmd, "set_u32") || !strcmp(cmd, "set_u64")) {
		bool wide = !strcmp(cmd, "set_u64");
		__le64 n64;
		__le32 n32;

		op = KVP_OP_SET;
		if (!p || kstrtou64(p, 0, &n) || (!wide && n > U32_MAX)) {
			ret = -EINVAL;
			goto out;
		}
		n32 = cpu_to_le32(n);
		n64 = cpu_to_le64(n);
		memcpy(v->value, wide ? (void *)&n64 : (void *)&n32, wide ? 8 : 4);
		v->value_type = cpu_to_le32(wide ? KVP_REG_U64 : KVP_REG_U32);
		v->value_size = cpu_to_le32(wide ? 8 : 4);
	} else {
		ret = -EINVAL;
		goto out;
	}
	m->hdr.operation = op;
	ret = sim_kvp_send(op, m, offsetofend(struct vmbus_kvp_msg, body.set),
			   SIM_IC_EXPECT_ANY);
out:
	kfree(m);
	return ret;
}

/* "<n> <command...>": stops at the first command that fails. */
static int sim_kvp_repeat(char *p)
{
	const char *count = strsep(&p, " ");
	u64 start, elapsed;
	u32 n, i;
	char *cmd;
	int ret = 0;

	if (!count || !p || kstrtou32(count, 0, &n) || !n)
		return -EINVAL;
	start = ktime_get_ns();
	for (i = 0; i < n && !ret; i++) {
		cmd = kstrdup(p, GFP_KERNEL);
		if (!cmd)
			return -ENOMEM;
		ret = sim_kvp_command(cmd);
		kfree(cmd);
	}
	elapsed = ktime_get_ns() - start;
	if (!ret)
		sim_kvp_print("repeat %u ns %llu\n", n, elapsed);
	return ret;
}

static ssize_t sim_kvp_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	char *buf, *p;
	int ret;

	if (count > 8192)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	mutex_lock(&sim_kvp_lock);
	sim_kvp_out_len = 0;
	p = strim(buf);
	if (!strncmp(p, "repeat ", 7))
		ret = sim_kvp_repeat(p + 7);
	else
		ret = sim_kvp_command(p);
	mutex_unlock(&sim_kvp_lock);
	kfree(buf);
	return ret ? ret : count;
}

static ssize_t sim_kvp_read(struct file *file, char __user *ubuf, size_t count,
			    loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&sim_kvp_lock);
	ret = simple_read_from_buffer(ubuf, count, ppos, sim_kvp_out, sim_kvp_out_len);
	mutex_unlock(&sim_kvp_lock);
	return ret;
}

static const struct file_operations sim_kvp_fops = {
	.owner = THIS_MODULE,
	.write = sim_kvp_write,
	.read = sim_kvp_read,
};

void sim_ic_kvp_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("ic_kvp", 0600, dir, NULL, &sim_kvp_fops);
}
