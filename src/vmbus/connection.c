// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VMBus connection: version negotiation with INITIATE_CONTACT, the
 * shared interrupt and monitor pages, posting channel messages to the
 * host, and UNLOAD when the bus goes away (protocol-vmbus.md 4.5-4.9).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "vmbus_private.h"

/* Newest first: negotiation stops at the first one the host accepts. */
static const u32 vmbus_versions[] = {
	VMBUS_VERSION_WIN10_V5_3,
	VMBUS_VERSION_WIN10_V5_2,
	VMBUS_VERSION_WIN10_V5_1,
	VMBUS_VERSION_WIN10_V5,
	VMBUS_VERSION_WIN10_V4_1,
	VMBUS_VERSION_WIN10,
	VMBUS_VERSION_WIN8_1,
	VMBUS_VERSION_WIN8,
	VMBUS_VERSION_WIN7,
	VMBUS_VERSION_WS2008,
};

/*
 * How long the host gets to answer INITIATE_CONTACT and UNLOAD; channel
 * requests have their own bound (message_wait.c).
 */
#define VMBUS_RESPONSE_TIMEOUT	(5 * HZ)
/* Retries of a post the host refused for lack of buffers. */
#define VMBUS_POST_RETRIES	100

struct vmbus_connection vmbus_connection;

int vmbus_post_message(const void *msg, u32 len)
{
	struct vmbus_connection *conn = &vmbus_connection;
	unsigned int delay_us = 1;
	int ret, i;

	for (i = 0; i < VMBUS_POST_RETRIES; i++) {
		ret = vmbus_host_ops()->post_message(conn->msg_conn_id, msg, len);
		if (ret != -EAGAIN)
			return ret;
		/* The host's message buffers are full: back off and retry. */
		usleep_range(delay_us, 2 * delay_us);
		delay_us = min(delay_us * 2, 100000U);
	}
	return ret;
}

/* The partition reference time (100 ns units), for time sync and clocks. */
u64 hvlis_read_reference_time(void)
{
	const struct hvlis_host_ops *host = vmbus_host_ops();

	/* Drivers only ask while they have a device, so while connected. */
	if (WARN_ON_ONCE(!host))
		return 0;
	return host->read_reference_time();
}
EXPORT_SYMBOL_GPL(hvlis_read_reference_time);

/* Called from the message work with the host's VERSION_RESPONSE. */
void vmbus_on_version_response(const struct vmbus_channel_version_response *resp)
{
	struct vmbus_connection *conn = &vmbus_connection;

	spin_lock(&conn->lock);
	if (!conn->awaiting_version) {
		spin_unlock(&conn->lock);
		pr_warn_ratelimited("dropping a VERSION_RESPONSE nobody asked for\n");
		return;
	}
	conn->version_response = *resp;
	conn->awaiting_version = false;
	spin_unlock(&conn->lock);
	complete(&conn->version_done);
}

void vmbus_on_unload_response(void)
{
	complete(&vmbus_connection.unload_done);
}

/*
 * Offer one version. Returns 0 when the host accepted it, -EPROTONOSUPPORT
 * when it declined, another error when the exchange itself failed.
 */
static int vmbus_negotiate(u32 version)
{
	struct vmbus_connection *conn = &vmbus_connection;
	struct vmbus_channel_initiate_contact msg = {};
	struct vmbus_channel_version_response resp;
	int ret;

	msg.header.msgtype = cpu_to_le32(CHANNELMSG_INITIATE_CONTACT);
	msg.vmbus_version_requested = cpu_to_le32(version);
	/* Messages go to the boot CPU, which is VP 0 on Hyper-V. */
	msg.target_vcpu = cpu_to_le32(0);
	if (version >= VMBUS_VERSION_WIN10_V5) {
		msg.msg_sint = VMBUS_MESSAGE_SINT;
		msg.msg_vtl = 0;
		conn->msg_conn_id = VMBUS_MESSAGE_CONNECTION_ID_4;
	} else {
		msg.interrupt_page = cpu_to_le64(virt_to_phys(conn->int_page));
		conn->msg_conn_id = VMBUS_MESSAGE_CONNECTION_ID;
	}
	msg.monitor_page1 = cpu_to_le64(virt_to_phys(conn->monitor_pages[0]));
	msg.monitor_page2 = cpu_to_le64(virt_to_phys(conn->monitor_pages[1]));

	spin_lock(&conn->lock);
	reinit_completion(&conn->version_done);
	conn->awaiting_version = true;
	spin_unlock(&conn->lock);

	ret = vmbus_post_message(&msg, sizeof(msg));
	if (ret == 0 &&
	    !wait_for_completion_timeout(&conn->version_done, VMBUS_RESPONSE_TIMEOUT))
		ret = -ETIMEDOUT;

	spin_lock(&conn->lock);
	conn->awaiting_version = false;
	resp = conn->version_response;
	spin_unlock(&conn->lock);

	/* An old host has no connection 4: a 5.0+ request is a refusal. */
	if (ret == -ECONNREFUSED && version >= VMBUS_VERSION_WIN10_V5)
		return -EPROTONOSUPPORT;
	if (ret)
		return ret;
	if (!resp.version_supported)
		return -EPROTONOSUPPORT;
	if (version >= VMBUS_VERSION_WIN10_V5)
		conn->msg_conn_id = le32_to_cpu(resp.msg_conn_id);
	return 0;
}

static struct vmbus_monitor_page *
vmbus_monitor_page(enum vmbus_monitor_page_id page)
{
	return vmbus_connection.monitor_pages[page];
}

/* The offer's monitor id was checked against the 128 slots on arrival. */
bool vmbus_monitor_pending(const struct hvlis_channel *channel,
			   enum vmbus_monitor_page_id page)
{
	struct vmbus_monitor_page *mp = vmbus_monitor_page(page);
	u8 id = channel->offer.monitorid;

	return le32_to_cpu(READ_ONCE(mp->trigger_group[id / 32].pending)) & BIT(id % 32);
}

u16 vmbus_monitor_latency(const struct hvlis_channel *channel,
			  enum vmbus_monitor_page_id page)
{
	struct vmbus_monitor_page *mp = vmbus_monitor_page(page);
	u8 id = channel->offer.monitorid;

	return le16_to_cpu(READ_ONCE(mp->latency[id / 32][id % 32]));
}

u32 vmbus_monitor_conn_id(const struct hvlis_channel *channel,
			  enum vmbus_monitor_page_id page)
{
	struct vmbus_monitor_page *mp = vmbus_monitor_page(page);
	u8 id = channel->offer.monitorid;

	return le32_to_cpu(READ_ONCE(mp->parameter[id / 32][id % 32].connection_id));
}

static void vmbus_free_pages(struct vmbus_connection *conn)
{
	free_page((unsigned long)conn->int_page);
	free_page((unsigned long)conn->monitor_pages[0]);
	free_page((unsigned long)conn->monitor_pages[1]);
	conn->int_page = NULL;
	conn->monitor_pages[0] = NULL;
	conn->monitor_pages[1] = NULL;
}

int vmbus_connect(void)
{
	struct vmbus_connection *conn = &vmbus_connection;
	unsigned int i;
	int ret = -EPROTONOSUPPORT;

	conn->int_page = (void *)get_zeroed_page(GFP_KERNEL);
	conn->monitor_pages[0] = (void *)get_zeroed_page(GFP_KERNEL);
	conn->monitor_pages[1] = (void *)get_zeroed_page(GFP_KERNEL);
	if (!conn->int_page || !conn->monitor_pages[0] || !conn->monitor_pages[1]) {
		vmbus_free_pages(conn);
		return -ENOMEM;
	}

	for (i = 0; i < ARRAY_SIZE(vmbus_versions); i++) {
		ret = vmbus_negotiate(vmbus_versions[i]);
		if (ret != -EPROTONOSUPPORT)
			break;
	}
	if (ret) {
		if (ret == -EPROTONOSUPPORT)
			pr_err("the host accepts none of the VMBus versions hv_vmbus supports (5.3 down to 0.13)\n");
		else
			pr_err("VMBus version negotiation failed (error %d)\n", ret);
		vmbus_free_pages(conn);
		return ret;
	}
	conn->version = vmbus_versions[i];
	pr_info("Vmbus version:%u.%u\n", VMBUS_VERSION_MAJOR(conn->version),
		VMBUS_VERSION_MINOR(conn->version));
	return 0;
}

void vmbus_disconnect(void)
{
	struct vmbus_connection *conn = &vmbus_connection;
	struct vmbus_channel_message_header msg = {
		.msgtype = cpu_to_le32(CHANNELMSG_UNLOAD),
	};

	bool released = true;

	/* Hosts before 2012 R2 cannot take a new INITIATE_CONTACT after UNLOAD. */
	if (conn->version >= VMBUS_VERSION_WIN8_1) {
		reinit_completion(&conn->unload_done);
		if (vmbus_post_message(&msg, sizeof(msg))) {
			pr_warn("could not post UNLOAD to the host\n");
			released = false;
		} else if (!wait_for_completion_timeout(&conn->unload_done,
						       VMBUS_RESPONSE_TIMEOUT)) {
			pr_warn("the host did not answer UNLOAD within 5 s\n");
			released = false;
		}
	}
	/*
	 * Without UNLOAD_RESPONSE the host may still write the monitor
	 * pages (and read the interrupt page): they stay allocated.
	 */
	if (released) {
		vmbus_free_pages(conn);
	} else {
		pr_warn("leaking the interrupt and monitor pages the host may still use\n");
		conn->int_page = NULL;
		conn->monitor_pages[0] = NULL;
		conn->monitor_pages[1] = NULL;
	}
	conn->version = 0;
}

void vmbus_connection_init(void)
{
	struct vmbus_connection *conn = &vmbus_connection;

	spin_lock_init(&conn->lock);
	spin_lock_init(&conn->wait_lock);
	INIT_LIST_HEAD(&conn->waits);
	init_completion(&conn->version_done);
	init_completion(&conn->unload_done);
	init_completion(&conn->offers_done);
}
