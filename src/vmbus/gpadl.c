// SPDX-License-Identifier: GPL-2.0-only
/*
 * GPADLs: handing the host a list of guest pages it may map (ring buffers,
 * driver buffers), and taking them back (protocol-vmbus.md section 5).
 *
 * One range, byte offset 0, every 4 KiB page's PFN. The PFNs that do not
 * fit the GPADL_HEADER message (26) follow in GPADL_BODY messages of up to
 * 28, back to back; the host answers once with GPADL_CREATED. The pages
 * stay the host's until GPADL_TORNDOWN, so the caller frees them only
 * after teardown returned.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "vmbus_private.h"

/* Hyper-V counts 4 KiB pages; so do we, as long as the kernel does too. */
static_assert(PAGE_SIZE == VMBUS_PAGE_SIZE);

/* Handles are guest-chosen; upstream's sequence starts here (5). */
static atomic_t vmbus_next_gpadl = ATOMIC_INIT(0xe1e10 - 1);

/* Largest GPADL a range's u16 range_buflen can describe. */
#define VMBUS_GPADL_MAX_PAGES	((U16_MAX - 8) / 8)

static u32 vmbus_gpadl_handle(void)
{
	u32 gpadl;

	do {
		gpadl = atomic_inc_return(&vmbus_next_gpadl);
	} while (!gpadl);
	return gpadl;
}

static u64 vmbus_buf_pfn(void *buf, u32 page)
{
	void *addr = (u8 *)buf + (size_t)page * VMBUS_PAGE_SIZE;

	return is_vmalloc_addr(addr) ? vmalloc_to_pfn(addr) : PHYS_PFN(virt_to_phys(addr));
}

/* Post the header and bodies naming every page of @buf under @gpadl. */
static int vmbus_gpadl_post(struct hvlis_channel *channel, void *buf,
			    u32 pages, u32 gpadl)
{
	u8 msgbuf[VMBUS_MESSAGE_MAX_SIZE];
	struct vmbus_channel_gpadl_header *hdr = (void *)msgbuf;
	struct vmbus_channel_gpadl_body *body = (void *)msgbuf;
	u32 i, n, sent;
	int ret;

	memset(msgbuf, 0, sizeof(msgbuf));
	n = min_t(u32, pages, VMBUS_GPADL_HEADER_MAX_PFNS);
	hdr->header.msgtype = cpu_to_le32(CHANNELMSG_GPADL_HEADER);
	hdr->child_relid = cpu_to_le32(channel->relid);
	hdr->gpadl = cpu_to_le32(gpadl);
	hdr->range_buflen = cpu_to_le16(8 + 8 * pages);
	hdr->rangecount = cpu_to_le16(1);
	hdr->byte_count = cpu_to_le32(pages * VMBUS_PAGE_SIZE);
	hdr->byte_offset = 0;
	for (sent = 0; sent < n; sent++)
		hdr->pfn[sent] = cpu_to_le64(vmbus_buf_pfn(buf, sent));
	ret = vmbus_post_message(hdr, struct_size(hdr, pfn, n));

	while (!ret && sent < pages) {
		/* A rescind in between: the host wants no more of this GPADL. */
		if (READ_ONCE(channel->rescinded))
			return -ENODEV;
		n = min_t(u32, pages - sent, VMBUS_GPADL_BODY_MAX_PFNS);
		memset(msgbuf, 0, sizeof(msgbuf));
		body->header.msgtype = cpu_to_le32(CHANNELMSG_GPADL_BODY);
		body->gpadl = cpu_to_le32(gpadl);
		for (i = 0; i < n; i++)
			body->pfn[i] = cpu_to_le64(vmbus_buf_pfn(buf, sent + i));
		ret = vmbus_post_message(body, struct_size(body, pfn, n));
		sent += n;
	}
	return ret;
}

int hvlis_gpadl_create(struct hvlis_channel *channel, void *buf, u32 size,
		       u32 *gpadl)
{
	struct vmbus_message_wait wait;
	u32 pages = size / VMBUS_PAGE_SIZE;
	u32 handle = vmbus_gpadl_handle();
	int ret;

	if (!pages || size % VMBUS_PAGE_SIZE ||
	    !IS_ALIGNED((unsigned long)buf, VMBUS_PAGE_SIZE) ||
	    pages > VMBUS_GPADL_MAX_PAGES)
		return -EINVAL;

	ret = vmbus_message_wait_prepare(&wait, CHANNELMSG_GPADL_CREATED, channel,
					 handle);
	if (ret)
		return ret;
	ret = vmbus_gpadl_post(channel, buf, pages, handle);
	if (ret) {
		vmbus_message_wait_cancel(&wait);
		/*
		 * Part of the GPADL may have reached the host; if it was not
		 * rescinded, it may hold pages until a teardown.
		 */
		if (ret != -ENODEV)
			pr_err("relid %u: could not describe a %u-page buffer to the host (error %d)\n",
			       channel->relid, pages, ret);
		return ret;
	}
	ret = vmbus_message_wait_for(&wait);
	if (ret)
		return ret;
	if (wait.status) {
		pr_err("relid %u: the host refused a %u-page GPADL (status %#x)\n",
		       channel->relid, pages, wait.status);
		return -EIO;
	}
	*gpadl = handle;
	return 0;
}
EXPORT_SYMBOL_GPL(hvlis_gpadl_create);

/*
 * Returns once the host let go of the pages. A rescinded channel's
 * GPADLs are gone with it: the host takes no teardown then (4.11).
 */
int hvlis_gpadl_teardown(struct hvlis_channel *channel, u32 gpadl)
{
	struct vmbus_channel_gpadl_teardown msg = {
		.header.msgtype = cpu_to_le32(CHANNELMSG_GPADL_TEARDOWN),
		.child_relid = cpu_to_le32(channel->relid),
		.gpadl = cpu_to_le32(gpadl),
	};
	struct vmbus_message_wait wait;
	int ret;

	ret = vmbus_message_wait_prepare(&wait, CHANNELMSG_GPADL_TORNDOWN, channel,
					 gpadl);
	if (ret == -ENODEV)
		return 0;
	if (ret)
		return ret;
	ret = vmbus_post_message(&msg, sizeof(msg));
	if (ret) {
		vmbus_message_wait_cancel(&wait);
		pr_err("relid %u: could not tear down GPADL %#x (error %d); its pages stay with the host\n",
		       channel->relid, gpadl, ret);
		return ret;
	}
	ret = vmbus_message_wait_for(&wait);
	return ret == -ENODEV ? 0 : ret;
}
EXPORT_SYMBOL_GPL(hvlis_gpadl_teardown);

void vmbus_on_gpadl_created(const struct vmbus_channel_gpadl_created *msg)
{
	vmbus_message_wait_answer(CHANNELMSG_GPADL_CREATED,
				  le32_to_cpu(msg->child_relid),
				  le32_to_cpu(msg->gpadl),
				  le32_to_cpu(msg->creation_status));
}

void vmbus_on_gpadl_torndown(const struct vmbus_channel_gpadl_torndown *msg)
{
	vmbus_message_wait_answer(CHANNELMSG_GPADL_TORNDOWN, VMBUS_ANY_RELID,
				  le32_to_cpu(msg->gpadl), 0);
}
