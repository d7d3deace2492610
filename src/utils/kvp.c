// SPDX-License-Identifier: GPL-2.0-only
/*
 * KVP, the host's key/value exchange (protocol-vmbus.md 9.4): every
 * request goes to hv_kvp_daemon over the hvlis genl family, UTF-16LE on
 * the wire turned into UTF-8 for the daemon and back.
 *
 * One request per channel is outstanding at a time (the framework keeps
 * dev->msg busy until util_reply()). The channel callback only checks
 * the message and queues kvp->work; everything after that runs in
 * process context under kvp_mutex: forwarding to the daemon, the
 * daemon's answer, the timeout, and the daemon's socket closing. Each
 * of these that finds the request still waiting answers it and clears
 * it, so the host gets exactly one answer: the daemon's, or E_FAIL when
 * no daemon is registered, the daemon goes away or is too slow. The
 * first NEGOTIATE's answer waits the same way for a daemon to register.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <uapi/linux/hvlis_genl.h>
#include <hvlis/compat-genl.h>

#include "../common/utf16.h"
#include "hv_utils.h"

/* What upstream's driver tells its daemon (HV_DRV_VERSION). */
#define KVP_DRV_VERSION		"3.1"

static unsigned int kvp_timeout_ms = 30000;
module_param(kvp_timeout_ms, uint, 0644);
MODULE_PARM_DESC(kvp_timeout_ms,
		 "How long a KVP request waits for hv_kvp_daemon before the host is answered with a failure (ms, default 30000)");

static unsigned int kvp_negotiate_wait_ms = 55000;
module_param(kvp_negotiate_wait_ms, uint, 0644);
MODULE_PARM_DESC(kvp_negotiate_wait_ms,
		 "How long the host's first KVP negotiation waits for hv_kvp_daemon to register (ms, default 55000; 0: not at all)");

static const struct vmbus_ic_version kvp_fw[] = {
	UTIL_VER(3, 0), UTIL_VER(1, 0),
};

/* 4.0 WIN8, 3.0 WIN7, 1.0 WS2008: the same message layout. */
static const struct vmbus_ic_version kvp_srv[] = {
	UTIL_VER(4, 0), UTIL_VER(3, 0), UTIL_VER(1, 0),
};

struct kvp_state {
	struct util_dev *dev;
	struct list_head node;		/* in kvp_devs */
	struct work_struct work;	/* forwards the request to the daemon */
	struct delayed_work timeout;
	bool negotiate_seen;		/* channel callback only */
	/*
	 * Under kvp_mutex: dev->msg waits for the daemon, until deadline.
	 * A request was forwarded as req_id; a NEGOTIATE's answer waits
	 * for a daemon to register (kvp_holds_negotiate()).
	 */
	bool waiting;
	u32 req_id;
	unsigned long deadline;
	char *text;			/* one converted string, HVLIS_KVP_VALUE_MAX */
};

static DEFINE_MUTEX(kvp_mutex);
static LIST_HEAD(kvp_devs);
static u32 kvp_daemon_portid;		/* 0: no daemon registered */
static u32 kvp_next_req_id;

static u32 kvp_status(u32 error)
{
	switch (error) {
	case HVLIS_KVP_OK:
		return HV_S_OK;
	case HVLIS_KVP_E_NOT_FOUND:
		return HV_S_CONT;
	case HVLIS_KVP_E_NO_SPACE:
		return HV_ERROR_DISK_FULL;
	default:
		return HV_E_FAIL;
	}
}

/* Answer the host. */
static void kvp_answer(struct kvp_state *kvp, u32 status)
{
	lockdep_assert_held(&kvp_mutex);
	util_hdr(kvp->dev)->status = cpu_to_le32(status);
	util_reply(kvp->dev);
}

/*
 * A host string: @size bytes (the host's count, NUL included when it
 * says so) of a @field-byte UTF-16LE field. The text must leave room for
 * its NUL in the field, as the host's own strings do.
 */
static int kvp_from_wire(const u8 *field, u32 field_bytes, u32 size,
			 char *out, size_t out_size)
{
	u32 i;

	if (size > field_bytes)
		return -EMSGSIZE;
	if (size == field_bytes) {
		for (i = 0; i + 1 < size; i += 2)
			if (!field[i] && !field[i + 1])
				break;
		if (i + 1 >= size)
			return -EMSGSIZE;
	}
	return hvlis_utf16le_to_utf8(field, size, out, out_size);
}

/* A daemon string into a @field-byte UTF-16LE field; the bytes written. */
static int kvp_to_wire(const struct nlattr *nla, u8 *field, u32 field_bytes)
{
	if (!nla)
		return -ENODATA;
	return hvlis_utf8_to_utf16le(nla_data(nla), nla_len(nla), field, field_bytes);
}

/* dev->msg is the answer to a NEGOTIATE that kvp_negotiated() held. */
static bool kvp_holds_negotiate(struct kvp_state *kvp)
{
	return le16_to_cpu(util_hdr(kvp->dev)->icmsgtype) == ICMSGTYPE_NEGOTIATE;
}

/* Wait for the daemon until @ms from now. */
static void kvp_wait(struct kvp_state *kvp, unsigned int ms)
{
	lockdep_assert_held(&kvp_mutex);
	kvp->waiting = true;
	kvp->deadline = jiffies + msecs_to_jiffies(ms);
	mod_delayed_work(system_wq, &kvp->timeout, msecs_to_jiffies(ms));
}

/* Stop waiting: the answer goes out now. */
static void kvp_stop_waiting(struct kvp_state *kvp)
{
	lockdep_assert_held(&kvp_mutex);
	kvp->waiting = false;
	cancel_delayed_work(&kvp->timeout);
}

static struct vmbus_kvp_msg *kvp_msg(struct util_dev *dev)
{
	return (void *)(dev->msg + sizeof(struct vmbus_ic_msg_hdr));
}

static struct vmbus_kvp_ip_msg *kvp_ip_msg(struct util_dev *dev)
{
	return (void *)(dev->msg + sizeof(struct vmbus_ic_msg_hdr));
}

/* The service data each operation needs. */
static u32 kvp_op_size(u8 op)
{
	switch (op) {
	case KVP_OP_GET:
	case KVP_OP_SET:
		return offsetofend(struct vmbus_kvp_msg, body.get);
	case KVP_OP_DELETE:
		return offsetofend(struct vmbus_kvp_msg, body.del);
	case KVP_OP_ENUMERATE:
		return offsetofend(struct vmbus_kvp_msg, body.enumerate);
	default:
		return sizeof(struct vmbus_kvp_ip_msg);
	}
}

static int kvp_put_wire(struct sk_buff *skb, struct kvp_state *kvp, int attr,
			const u8 *field, u32 field_bytes, u32 size)
{
	int ret = kvp_from_wire(field, field_bytes, size, kvp->text,
				HVLIS_KVP_VALUE_MAX);

	if (ret < 0)
		return ret;
	return nla_put_string(skb, attr, kvp->text);
}

/* A REG_U32 / REG_U64 value goes to the daemon as a decimal string. */
static int kvp_put_value(struct sk_buff *skb, struct kvp_state *kvp,
			 const struct vmbus_kvp_value *v)
{
	u32 size = le32_to_cpu(v->value_size);
	__le32 v32;
	__le64 v64;

	switch (le32_to_cpu(v->value_type)) {
	case KVP_REG_SZ:
		return kvp_put_wire(skb, kvp, HVLIS_ATTR_KVP_VALUE, v->value,
				    sizeof(v->value), size);
	case KVP_REG_U32:
		if (size < sizeof(u32))
			return -EMSGSIZE;
		memcpy(&v32, v->value, sizeof(v32));
		snprintf(kvp->text, HVLIS_KVP_VALUE_MAX, "%u", le32_to_cpu(v32));
		return nla_put_string(skb, HVLIS_ATTR_KVP_VALUE, kvp->text);
	case KVP_REG_U64:
		if (size < sizeof(u64))
			return -EMSGSIZE;
		memcpy(&v64, v->value, sizeof(v64));
		snprintf(kvp->text, HVLIS_KVP_VALUE_MAX, "%llu", le64_to_cpu(v64));
		return nla_put_string(skb, HVLIS_ATTR_KVP_VALUE, kvp->text);
	default:
		return -EINVAL;
	}
}

#define KVP_IP_FIELD(attr, field) \
	{ attr, offsetof(struct vmbus_kvp_ip_msg, field), \
	  sizeof_field(struct vmbus_kvp_ip_msg, field) }

/* The IP message's strings: the adapter, then the ';'-separated lists. */
static const struct {
	int attr;
	size_t offset, size;
} kvp_ip_strings[] = {
	KVP_IP_FIELD(HVLIS_ATTR_IP_ADAPTER_ID, adapter_id),
	KVP_IP_FIELD(HVLIS_ATTR_IP_ADDR, ip_addr),
	KVP_IP_FIELD(HVLIS_ATTR_IP_SUBNET, sub_net),
	KVP_IP_FIELD(HVLIS_ATTR_IP_GATEWAY, gate_way),
	KVP_IP_FIELD(HVLIS_ATTR_IP_DNS, dns_addr),
};

/* GET_IP_INFO asks with the adapter and family; SET_IP_INFO sends all. */
static int kvp_put_ip(struct sk_buff *skb, struct kvp_state *kvp,
		      const struct vmbus_kvp_ip_msg *ip, bool set)
{
	unsigned int i, n = set ? ARRAY_SIZE(kvp_ip_strings) : 1;
	int ret;

	ret = nla_put_u8(skb, HVLIS_ATTR_IP_ADDR_FAMILY, ip->addr_family);
	if (!ret && set)
		ret = nla_put_u8(skb, HVLIS_ATTR_IP_DHCP_ENABLED, !!ip->dhcp_enabled);
	for (i = 0; i < n && !ret; i++)
		ret = kvp_put_wire(skb, kvp, kvp_ip_strings[i].attr,
				   (const u8 *)ip + kvp_ip_strings[i].offset,
				   kvp_ip_strings[i].size, kvp_ip_strings[i].size);
	return ret;
}

/* The request in dev->msg as attributes for the daemon. */
static int kvp_put_request(struct sk_buff *skb, struct kvp_state *kvp)
{
	const struct vmbus_kvp_msg *m = kvp_msg(kvp->dev);
	u8 op = m->hdr.operation;
	int ret;

	ret = nla_put_u32(skb, HVLIS_ATTR_REQ_ID, kvp->req_id);
	if (!ret)
		ret = nla_put_u8(skb, HVLIS_ATTR_KVP_OP, op);
	if (!ret)
		ret = nla_put_u8(skb, HVLIS_ATTR_KVP_POOL, m->hdr.pool);
	if (ret)
		return ret;
	switch (op) {
	case KVP_OP_GET:
	case KVP_OP_SET:
		ret = kvp_put_wire(skb, kvp, HVLIS_ATTR_KVP_KEY, m->body.get.key,
				   sizeof(m->body.get.key),
				   le32_to_cpu(m->body.get.key_size));
		if (!ret && op == KVP_OP_SET)
			ret = kvp_put_value(skb, kvp, &m->body.set);
		return ret;
	case KVP_OP_DELETE:
		return kvp_put_wire(skb, kvp, HVLIS_ATTR_KVP_KEY, m->body.del.key,
				    sizeof(m->body.del.key),
				    le32_to_cpu(m->body.del.key_size));
	case KVP_OP_ENUMERATE:
		return nla_put_u32(skb, HVLIS_ATTR_KVP_INDEX,
				   le32_to_cpu(m->body.enumerate.index));
	default:
		return kvp_put_ip(skb, kvp, kvp_ip_msg(kvp->dev),
				  op == KVP_OP_SET_IP_INFO);
	}
}

/* Every attribute at its largest, so one allocation always fits. */
#define KVP_REQUEST_BYTES						\
	(nla_total_size(sizeof(u32)) * 2 + nla_total_size(sizeof(u8)) * 4 + \
	 nla_total_size(HVLIS_KVP_ADAPTER_MAX) +			\
	 nla_total_size(HVLIS_KVP_IP_MAX) * 3 +				\
	 nla_total_size(HVLIS_KVP_GATEWAY_MAX))

/* Process context: hand the request to the daemon, or fail it. */
static void kvp_forward(struct work_struct *work)
{
	struct kvp_state *kvp = container_of(work, struct kvp_state, work);
	struct device *dev = &kvp->dev->vdev->dev;
	struct sk_buff *skb;
	void *hdr;
	int ret;

	mutex_lock(&kvp_mutex);
	if (list_empty(&kvp->node))	/* unbinding */
		goto out;
	if (kvp_holds_negotiate(kvp)) {
		if (kvp_daemon_portid) {
			util_reply(kvp->dev);
			goto out;
		}
		dev_info(dev, "kvp: the host's negotiation waits up to %u ms for hv_kvp_daemon\n",
			 kvp_negotiate_wait_ms);
		kvp_wait(kvp, kvp_negotiate_wait_ms);
		goto out;
	}
	if (!kvp_daemon_portid) {
		dev_warn_ratelimited(dev, "kvp: no hv_kvp_daemon is registered: the host's request fails\n");
		kvp_answer(kvp, HV_E_FAIL);
		goto out;
	}
	kvp->req_id = ++kvp_next_req_id;
	skb = genlmsg_new(KVP_REQUEST_BYTES, GFP_KERNEL);
	if (!skb) {
		kvp_answer(kvp, HV_E_FAIL);
		goto out;
	}
	hdr = genlmsg_put(skb, 0, 0, &util_genl_family, 0, HVLIS_CMD_KVP_REQUEST);
	ret = hdr ? kvp_put_request(skb, kvp) : -EMSGSIZE;
	if (ret) {
		nlmsg_free(skb);
		dev_warn_ratelimited(dev, "kvp: a key or value from the host that is malformed or too long (error %d): refused\n",
				     ret);
		kvp_answer(kvp, HV_E_FAIL);
		goto out;
	}
	genlmsg_end(skb, hdr);
	ret = genlmsg_unicast(&init_net, skb, kvp_daemon_portid);
	if (ret) {
		dev_warn_ratelimited(dev, "kvp: could not reach hv_kvp_daemon (error %d): the host's request fails\n",
				     ret);
		kvp_answer(kvp, HV_E_FAIL);
		goto out;
	}
	kvp_wait(kvp, kvp_timeout_ms);
out:
	mutex_unlock(&kvp_mutex);
}

static void kvp_expire(struct work_struct *work)
{
	struct kvp_state *kvp = container_of(to_delayed_work(work),
					     struct kvp_state, timeout);

	mutex_lock(&kvp_mutex);
	/* A timer armed for an earlier request may run late: check the time. */
	if (!kvp->waiting || time_before(jiffies, kvp->deadline))
		goto out;
	kvp->waiting = false;
	if (kvp_holds_negotiate(kvp)) {
		dev_info(&kvp->dev->vdev->dev,
			 "kvp: no hv_kvp_daemon after %u ms: answering the host's negotiation\n",
			 kvp_negotiate_wait_ms);
		util_reply(kvp->dev);
	} else {
		dev_warn_ratelimited(&kvp->dev->vdev->dev,
				     "kvp: hv_kvp_daemon did not answer request %u within %u ms: the host's request fails\n",
				     kvp->req_id, kvp_timeout_ms);
		kvp_answer(kvp, HV_E_FAIL);
	}
out:
	mutex_unlock(&kvp_mutex);
}

/*
 * The first NEGOTIATE after binding is answered only once a daemon has
 * registered (or after kvp_negotiate_wait_ms), as upstream does: at boot
 * the host sends what it must not lose, such as a failover IP address
 * (SET_IP_INFO), right after negotiating, often before the daemon runs.
 */
static enum util_verdict kvp_negotiated(struct util_dev *dev)
{
	struct kvp_state *kvp = dev->priv;

	if (kvp->negotiate_seen || !kvp_negotiate_wait_ms)
		return UTIL_REPLY;
	kvp->negotiate_seen = true;
	/* kvp_forward() sees the NEGOTIATE in dev->msg and holds it. */
	queue_work(system_wq, &kvp->work);
	return UTIL_DEFER;
}

/* Check a host request in the channel callback; UTIL_DEFER when it is sane. */
static enum util_verdict kvp_handle(struct util_dev *dev, u8 *data, u32 size)
{
	struct kvp_state *kvp = dev->priv;
	const struct vmbus_kvp_hdr *h = (const void *)data;

	if (size < sizeof(*h)) {
		dev_warn_ratelimited(&dev->vdev->dev, "kvp: %u bytes, too short for a KVP header: refused\n",
				     size);
	} else if (h->operation > KVP_OP_SET_IP_INFO || h->pool >= KVP_POOL_COUNT) {
		dev_warn_ratelimited(&dev->vdev->dev, "kvp: operation %u on pool %u: refused\n",
				     h->operation, h->pool);
	} else if (size < kvp_op_size(h->operation)) {
		dev_warn_ratelimited(&dev->vdev->dev, "kvp: %u bytes, too short for operation %u: refused\n",
				     size, h->operation);
	} else {
		/* The strings are checked as they are converted. */
		queue_work(system_wq, &kvp->work);
		return UTIL_DEFER;
	}
	util_hdr(dev)->status = cpu_to_le32(HV_E_FAIL);
	return UTIL_REPLY;
}

/* Fill the answer to @op from the daemon's attributes: the IC status. */
static u32 kvp_fill(struct kvp_state *kvp, u8 op, struct nlattr **attrs)
{
	struct vmbus_kvp_msg *m = kvp_msg(kvp->dev);
	struct vmbus_kvp_ip_msg *ip = kvp_ip_msg(kvp->dev);
	struct vmbus_kvp_value *v;
	unsigned int i;
	int key, val;

	switch (op) {
	case KVP_OP_GET:
	case KVP_OP_ENUMERATE:
		v = op == KVP_OP_GET ? &m->body.get : &m->body.enumerate.data;
		key = op == KVP_OP_GET ? 0 :
		      kvp_to_wire(attrs[HVLIS_ATTR_KVP_KEY], v->key, sizeof(v->key));
		val = kvp_to_wire(attrs[HVLIS_ATTR_KVP_VALUE], v->value, sizeof(v->value));
		if (key < 0 || val < 0)
			return HV_E_FAIL;
		if (op == KVP_OP_ENUMERATE)
			v->key_size = cpu_to_le32(key);
		v->value_size = cpu_to_le32(val);
		v->value_type = cpu_to_le32(KVP_REG_SZ);
		return HV_S_OK;
	case KVP_OP_GET_IP_INFO:
		if (!attrs[HVLIS_ATTR_IP_ADDR_FAMILY] || !attrs[HVLIS_ATTR_IP_DHCP_ENABLED])
			return HV_E_FAIL;
		for (i = 0; i < ARRAY_SIZE(kvp_ip_strings); i++)
			if (kvp_to_wire(attrs[kvp_ip_strings[i].attr],
					(u8 *)ip + kvp_ip_strings[i].offset,
					kvp_ip_strings[i].size) < 0)
				return HV_E_FAIL;
		ip->addr_family = nla_get_u8(attrs[HVLIS_ATTR_IP_ADDR_FAMILY]);
		ip->dhcp_enabled = nla_get_u8(attrs[HVLIS_ATTR_IP_DHCP_ENABLED]);
		return HV_S_OK;
	default:
		return HV_S_OK;
	}
}

static struct kvp_state *kvp_find_waiting(u32 req_id)
{
	struct kvp_state *kvp;

	lockdep_assert_held(&kvp_mutex);
	list_for_each_entry(kvp, &kvp_devs, node)
		if (kvp->waiting && !kvp_holds_negotiate(kvp) &&
		    kvp->req_id == req_id)
			return kvp;
	return NULL;
}

int util_kvp_genl_register(struct sk_buff *skb, struct genl_info *info)
{
	u32 version, portid = info->snd_portid;
	struct kvp_state *kvp;
	struct sk_buff *reply;
	void *hdr;
	int ret;

	if (!info->attrs[HVLIS_ATTR_VERSION]) {
		GENL_SET_ERR_MSG(info, "registration without a protocol version");
		return -EINVAL;
	}
	version = nla_get_u32(info->attrs[HVLIS_ATTR_VERSION]);
	if (version < 1) {
		GENL_SET_ERR_MSG(info, "protocol version 0 does not exist");
		return -EPROTONOSUPPORT;
	}
	reply = genlmsg_new(nla_total_size(sizeof(u32)) +
			    nla_total_size(sizeof(KVP_DRV_VERSION)), GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	hdr = genlmsg_put_reply(reply, info, &util_genl_family, 0, HVLIS_CMD_KVP_REGISTER);
	version = min_t(u32, version, HVLIS_GENL_VERSION);
	if (!hdr || nla_put_u32(reply, HVLIS_ATTR_VERSION, version) ||
	    nla_put_string(reply, HVLIS_ATTR_DRV_VERSION, KVP_DRV_VERSION)) {
		nlmsg_free(reply);
		return -EMSGSIZE;
	}
	genlmsg_end(reply, hdr);

	mutex_lock(&kvp_mutex);
	if (kvp_daemon_portid && kvp_daemon_portid != portid) {
		mutex_unlock(&kvp_mutex);
		nlmsg_free(reply);
		GENL_SET_ERR_MSG(info, "another KVP daemon is registered");
		return -EBUSY;
	}
	if (kvp_daemon_portid != portid)
		pr_info("kvp: hv_kvp_daemon registered (netlink port %u, protocol version %u)\n",
			portid, version);
	kvp_daemon_portid = portid;
	list_for_each_entry(kvp, &kvp_devs, node) {
		if (!kvp->waiting || !kvp_holds_negotiate(kvp))
			continue;
		kvp_stop_waiting(kvp);
		util_reply(kvp->dev);
	}
	ret = genlmsg_reply(reply, info);
	mutex_unlock(&kvp_mutex);
	return ret;
}

int util_kvp_genl_response(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct kvp_state *kvp;
	u32 req_id, error, status;
	u8 op;

	if (!attrs[HVLIS_ATTR_REQ_ID] || !attrs[HVLIS_ATTR_KVP_ERROR]) {
		GENL_SET_ERR_MSG(info, "a KVP response needs REQ_ID and KVP_ERROR");
		return -EINVAL;
	}
	req_id = nla_get_u32(attrs[HVLIS_ATTR_REQ_ID]);
	error = nla_get_u32(attrs[HVLIS_ATTR_KVP_ERROR]);

	mutex_lock(&kvp_mutex);
	if (!kvp_daemon_portid || info->snd_portid != kvp_daemon_portid) {
		mutex_unlock(&kvp_mutex);
		GENL_SET_ERR_MSG(info, "only the registered KVP daemon may answer");
		return -EPERM;
	}
	kvp = kvp_find_waiting(req_id);
	if (!kvp) {
		mutex_unlock(&kvp_mutex);
		GENL_SET_ERR_MSG(info, "no such KVP request outstanding (timed out?)");
		return -ENOENT;
	}
	kvp_stop_waiting(kvp);
	op = kvp_msg(kvp->dev)->hdr.operation;
	status = kvp_status(error);
	if (attrs[HVLIS_ATTR_KVP_OP] && nla_get_u8(attrs[HVLIS_ATTR_KVP_OP]) != op) {
		dev_warn_ratelimited(&kvp->dev->vdev->dev,
				     "kvp: the daemon answered request %u as operation %u, not %u: the host's request fails\n",
				     req_id, nla_get_u8(attrs[HVLIS_ATTR_KVP_OP]), op);
		status = HV_E_FAIL;
	} else if (status == HV_S_OK) {
		status = kvp_fill(kvp, op, attrs);
		if (status != HV_S_OK)
			dev_warn_ratelimited(&kvp->dev->vdev->dev,
					     "kvp: the daemon's answer to request %u is missing a field or does not fit the host's: the host's request fails\n",
					     req_id);
	}
	kvp_answer(kvp, status);
	mutex_unlock(&kvp_mutex);
	return 0;
}

/* The daemon's socket closed: it answers nothing more. */
void util_kvp_daemon_gone(u32 portid)
{
	struct kvp_state *kvp;

	mutex_lock(&kvp_mutex);
	if (!kvp_daemon_portid || portid != kvp_daemon_portid) {
		mutex_unlock(&kvp_mutex);
		return;
	}
	kvp_daemon_portid = 0;
	pr_info("kvp: hv_kvp_daemon went away\n");
	list_for_each_entry(kvp, &kvp_devs, node) {
		/* A held NEGOTIATE goes on waiting for the next daemon. */
		if (!kvp->waiting || kvp_holds_negotiate(kvp))
			continue;
		kvp_stop_waiting(kvp);
		kvp_answer(kvp, HV_E_FAIL);
	}
	mutex_unlock(&kvp_mutex);
}

static int kvp_init(struct util_dev *dev)
{
	struct kvp_state *kvp = kzalloc(sizeof(*kvp), GFP_KERNEL);

	if (!kvp)
		return -ENOMEM;
	kvp->text = kmalloc(HVLIS_KVP_VALUE_MAX, GFP_KERNEL);
	if (!kvp->text) {
		kfree(kvp);
		return -ENOMEM;
	}
	kvp->dev = dev;
	INIT_WORK(&kvp->work, kvp_forward);
	INIT_DELAYED_WORK(&kvp->timeout, kvp_expire);
	mutex_lock(&kvp_mutex);
	list_add(&kvp->node, &kvp_devs);
	mutex_unlock(&kvp_mutex);
	dev->priv = kvp;
	return 0;
}

/* After the channel closed: nothing queues work any more. */
static void kvp_exit(struct util_dev *dev)
{
	struct kvp_state *kvp = dev->priv;

	mutex_lock(&kvp_mutex);
	list_del_init(&kvp->node);
	kvp->waiting = false;
	mutex_unlock(&kvp_mutex);
	cancel_work_sync(&kvp->work);
	cancel_delayed_work_sync(&kvp->timeout);
	kfree(kvp->text);
	kfree(kvp);
}

const struct util_service util_kvp_service = {
	.name = "kvp",
	.msgtype = ICMSGTYPE_KVPEXCHANGE,
	.fw_versions = kvp_fw,
	.fw_count = ARRAY_SIZE(kvp_fw),
	.srv_versions = kvp_srv,
	.srv_count = ARRAY_SIZE(kvp_srv),
	.init = kvp_init,
	.exit = kvp_exit,
	.handle = kvp_handle,
	.negotiated = kvp_negotiated,
};
