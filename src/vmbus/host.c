// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host-backend seam (<hvlis_host.h>): a backend registers, hv_vmbus
 * connects through it, and what the host sends comes in through the two
 * delivery entry points. The backend pointer is RCU-published: delivery
 * runs in any context and must see either no backend or a whole one.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/mutex.h>

#include "vmbus_private.h"

/* Serialises registration against unregistration. */
static DEFINE_MUTEX(vmbus_host_mutex);

/* The receive half of the interrupt page, published for hosts before 2.4. */
static unsigned long __rcu *vmbus_event_int_page;

static void vmbus_host_publish_int_page(void *page)
{
	rcu_assign_pointer(vmbus_event_int_page, page);
	if (!page)
		synchronize_rcu();
}

/* No delivery still in flight sees the backend; drain what came. */
static void vmbus_host_forget(void)
{
	rcu_assign_pointer(vmbus_connection.host, NULL);
	synchronize_rcu();
	flush_workqueue(vmbus_connection.msg_wq);
}

static void vmbus_host_teardown(void)
{
	vmbus_host_publish_int_page(NULL);
	vmbus_disconnect();
	vmbus_host_forget();
}

int hvlis_host_register(const struct hvlis_host_ops *ops, int event_cpu)
{
	struct vmbus_connection *conn = &vmbus_connection;
	int ret;

	mutex_lock(&vmbus_host_mutex);
	if (rcu_access_pointer(conn->host)) {
		pr_err("the %s host backend is registered already; %s cannot register\n",
		       rcu_access_pointer(conn->host)->name, ops->name);
		ret = -EBUSY;
		goto out;
	}
	conn->event_cpu = event_cpu;
	WRITE_ONCE(conn->unloading, false);
	rcu_assign_pointer(conn->host, ops);

	ret = vmbus_connect();
	if (ret) {
		vmbus_host_forget();
		goto out;
	}
	if (conn->version < VMBUS_VERSION_WIN8)
		vmbus_host_publish_int_page(conn->int_page);
	ret = vmbus_request_offers();
	if (ret) {
		vmbus_remove_all_channels();
		vmbus_host_teardown();
		goto out;
	}
	pr_info("attached to the %s host\n", ops->name);
out:
	mutex_unlock(&vmbus_host_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(hvlis_host_register);

void hvlis_host_unregister(const struct hvlis_host_ops *ops)
{
	struct vmbus_connection *conn = &vmbus_connection;

	mutex_lock(&vmbus_host_mutex);
	if (WARN_ON(rcu_access_pointer(conn->host) != ops))
		goto out;
	/* Devices first: their drivers still talk to the host on the way out. */
	vmbus_remove_all_channels();
	vmbus_host_teardown();
	pr_info("detached from the %s host\n", ops->name);
out:
	mutex_unlock(&vmbus_host_mutex);
}
EXPORT_SYMBOL_GPL(hvlis_host_unregister);

void hvlis_host_deliver_message(const void *msg, u32 len)
{
	rcu_read_lock();
	if (rcu_dereference(vmbus_connection.host))
		vmbus_on_host_message(msg, len);
	rcu_read_unlock();
}
EXPORT_SYMBOL_GPL(hvlis_host_deliver_message);

/*
 * 2.5, before WIN8: bit N of the receive half of the interrupt page is
 * relid N. Test-and-clear word by word with xchg(); bits the host sets
 * meanwhile are seen on its next signal.
 */
static void vmbus_host_scan_int_page(unsigned long *bits)
{
	unsigned int i, bit;

	for (i = 0; i < VMBUS_MAX_RELID / BITS_PER_LONG; i++) {
		unsigned long pending;

		if (!READ_ONCE(bits[i]))
			continue;
		pending = xchg(&bits[i], 0);
		for_each_set_bit(bit, &pending, BITS_PER_LONG) {
			/* Relid 0 is never a channel (4.1). */
			if (i || bit)
				vmbus_on_channel_event(i * BITS_PER_LONG + bit);
		}
	}
}

void hvlis_host_deliver_event(u32 relid)
{
	unsigned long *int_page;

	if (relid) {
		vmbus_on_channel_event(relid);
		return;
	}
	rcu_read_lock();
	int_page = rcu_dereference(vmbus_event_int_page);
	if (int_page)
		vmbus_host_scan_int_page(int_page);
	rcu_read_unlock();
}
EXPORT_SYMBOL_GPL(hvlis_host_deliver_event);

int hvlis_reference_clock_get(struct hvlis_reference_clock *clock)
{
	const struct hvlis_host_ops *host;
	int ret = -ENODEV;

	mutex_lock(&vmbus_host_mutex);
	host = rcu_dereference_protected(vmbus_connection.host,
					 lockdep_is_held(&vmbus_host_mutex));
	if (host && try_module_get(host->owner)) {
		clock->read = host->read_reference_time;
		clock->page = host->tsc_page ? host->tsc_page() : NULL;
		clock->owner = host->owner;
		ret = 0;
	}
	mutex_unlock(&vmbus_host_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(hvlis_reference_clock_get);

void hvlis_reference_clock_put(struct hvlis_reference_clock *clock)
{
	module_put(clock->owner);
}
EXPORT_SYMBOL_GPL(hvlis_reference_clock_put);
