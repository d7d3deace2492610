// SPDX-License-Identifier: GPL-2.0-only
/*
 * The echo device: the host side of a test device class whose channels
 * answer every packet with its own payload (sim_echo.h has the protocol).
 * It exercises the guest's ring buffers, packet API, completions and
 * GPA-direct page lists against an independent peer.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <hvlis/compat.h>

#include "sim.h"

#define SIM_GPA_HEADER_SIZE	sizeof(struct vmbus_gpa_direct_header)

/*
 * Check the ranges of a GPA-direct packet (@off: where its payload
 * starts) and add up the bytes they name; false on a violation.
 */
static bool sim_echo_gpa_ranges(const struct sim_channel *channel, const u8 *pkt,
				u32 off, u64 *total)
{
	const struct vmbus_gpa_direct_header *hdr = (const void *)pkt;
	u32 count = le32_to_cpu(hdr->range_cnt), pos = SIM_GPA_HEADER_SIZE, i, j;

	*total = 0;
	if (!count) {
		sim_violation("relid %u: GPA-direct packet without ranges\n",
			      channel->relid);
		return false;
	}
	for (i = 0; i < count; i++) {
		const struct vmbus_gpa_range *range = (const void *)(pkt + pos);
		u32 len, offset;
		u64 pfns;

		if (pos + sizeof(*range) > off)
			goto outside;
		len = le32_to_cpu(range->len);
		offset = le32_to_cpu(range->offset);
		if (!len || offset >= VMBUS_PAGE_SIZE) {
			sim_violation("relid %u: GPA-direct range %u of %u bytes at offset %u\n",
				      channel->relid, i, len, offset);
			return false;
		}
		pfns = DIV_ROUND_UP((u64)offset + len, VMBUS_PAGE_SIZE);
		if (pfns > (off - pos - sizeof(*range)) / 8)
			goto outside;
		for (j = 0; j < pfns; j++) {
			u64 pfn = le64_to_cpu(range->pfn[j]);

			if (!sim_guest_pfn_ok(pfn)) {
				sim_violation("relid %u: GPA-direct range %u names PFN %#llx, which is not guest memory\n",
					      channel->relid, i, pfn);
				return false;
			}
		}
		pos += sizeof(*range) + 8 * pfns;
		*total += len;
	}
	return true;

outside:
	sim_violation("relid %u: GPA-direct range %u of %u reaches past the header (offset8 %u)\n",
		      channel->relid, i, count, off / 8);
	return false;
}

/* Copy the bytes the (checked) ranges name into @buf. */
static void sim_echo_gather(const u8 *pkt, u8 *buf)
{
	const struct vmbus_gpa_direct_header *hdr = (const void *)pkt;
	u32 count = le32_to_cpu(hdr->range_cnt), pos = SIM_GPA_HEADER_SIZE, i, j;

	for (i = 0; i < count; i++) {
		const struct vmbus_gpa_range *range = (const void *)(pkt + pos);
		u32 left = le32_to_cpu(range->len);
		u32 offset = le32_to_cpu(range->offset);

		for (j = 0; left; j++) {
			u32 chunk = min(left, VMBUS_PAGE_SIZE - offset);
			void *va = kmap_local_page(pfn_to_page(le64_to_cpu(range->pfn[j])));

			memcpy(buf, (u8 *)va + offset, chunk);
			kunmap_local(va);
			buf += chunk;
			left -= chunk;
			offset = 0;
		}
		pos += sizeof(*range) + 8 * j;
	}
}

/* As sim_echo_packet(), but 1 for a packet dropped as a violation. */
static int sim_echo_gpa_direct(struct sim_channel *channel, const u8 *pkt, u32 len)
{
	const struct vmbus_packet_descriptor *desc = (const void *)pkt;
	u32 off = le16_to_cpu(desc->offset8) * 8;
	u64 trans_id = le64_to_cpu(desc->trans_id);
	u64 total;
	u8 *buf;
	int ret;

	if (off < SIM_GPA_HEADER_SIZE) {
		sim_violation("relid %u: GPA-direct packet with offset8 %u, shorter than its header\n",
			      channel->relid, off / 8);
		return 1;
	}
	if (!sim_echo_gpa_ranges(channel, pkt, off, &total))
		return 1;
	if (total > U16_MAX * 8) {
		sim_violation("relid %u: GPA-direct ranges of %llu bytes: too long to echo in one packet\n",
			      channel->relid, total);
		return 1;
	}
	ret = sim_ring_room(channel, sim_packet_total(total));
	if (ret == -EMSGSIZE) {
		sim_violation("relid %u: a %llu-byte echo never fits the inbound ring of %u bytes\n",
			      channel->relid, total, channel->in.size);
		return 1;
	}
	if (ret)
		return ret;

	buf = kvmalloc(total, GFP_KERNEL);
	if (!buf)
		return -EAGAIN;	/* try again on the next signal */
	sim_echo_gather(pkt, buf);
	ret = sim_ring_write_packet(channel, VMBUS_PACKET_COMP, 0, trans_id, buf, total);
	kvfree(buf);
	if (!ret)
		atomic64_add(total, &sim.echo_bytes);
	return ret;
}

/*
 * Answer one packet of @len bytes. 0: done with it (answered or dropped
 * as a violation); -EAGAIN: no room for the answer yet; -EPROTO: the
 * guest broke the inbound ring.
 */
int sim_echo_packet(struct sim_channel *channel, const void *pkt, u32 len)
{
	const struct vmbus_packet_descriptor *desc = pkt;
	u16 type = le16_to_cpu(desc->type);
	u16 flags = le16_to_cpu(desc->flags);
	u32 off = le16_to_cpu(desc->offset8) * 8;
	u64 trans_id = le64_to_cpu(desc->trans_id);
	u16 reply;
	int ret;

	switch (type) {
	case VMBUS_PACKET_DATA_INBAND:
		reply = flags & VMBUS_PACKET_FLAG_COMPLETION_REQUESTED ?
			VMBUS_PACKET_COMP : VMBUS_PACKET_DATA_INBAND;
		if (reply == VMBUS_PACKET_COMP && !trans_id) {
			sim_violation("relid %u: completion requested for trans_id 0\n",
				      channel->relid);
			return 0;
		}
		ret = sim_ring_write_packet(channel, reply, 0, trans_id,
					    (const u8 *)pkt + off, len - off);
		if (ret == -EMSGSIZE) {
			sim_violation("relid %u: a %u-byte echo never fits the inbound ring of %u bytes\n",
				      channel->relid, len - off, channel->in.size);
			return 0;
		}
		if (!ret)
			atomic64_add(len - off, &sim.echo_bytes);
		break;
	case VMBUS_PACKET_DATA_USING_GPA_DIRECT:
		if (!trans_id) {
			sim_violation("relid %u: GPA-direct packet with trans_id 0 (it is completed)\n",
				      channel->relid);
			return 0;
		}
		ret = sim_echo_gpa_direct(channel, pkt, len);
		if (ret > 0)
			return 0;
		break;
	default:
		sim_violation("relid %u: the echo device takes no packets of type %u\n",
			      channel->relid, type);
		return 0;
	}
	if (!ret)
		atomic64_inc(&sim.echo_packets);
	return ret;
}
