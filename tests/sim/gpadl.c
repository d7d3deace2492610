// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host side of GPADLs (protocol-vmbus.md section 5): the guest names
 * its pages by PFN in a GPADL_HEADER and as many GPADL_BODY messages as it
 * takes; once every page arrived the host maps them and answers
 * GPADL_CREATED. GPADL_TEARDOWN unmaps them and is answered with
 * GPADL_TORNDOWN. This is the only way the host reaches guest memory.
 *
 * All of it runs from the message work under sim.channels_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "sim.h"

/* The host counts 4 KiB pages; it maps them as kernel pages. */
static_assert(PAGE_SIZE == VMBUS_PAGE_SIZE);

bool sim_guest_pfn_ok(u64 pfn)
{
	return pfn == (unsigned long)pfn && pfn_valid(pfn);
}

/* Map guest pages named by PFN; NULL if one is not guest memory. */
void *sim_map_guest_pages(const u64 *pfns, u32 npages)
{
	struct page **pages;
	void *va;
	u32 i;

	pages = kvmalloc_array(npages, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return NULL;
	for (i = 0; i < npages; i++) {
		if (!sim_guest_pfn_ok(pfns[i])) {
			kvfree(pages);
			return NULL;
		}
		pages[i] = pfn_to_page(pfns[i]);
	}
	va = vmap(pages, npages, VM_MAP, PAGE_KERNEL);
	kvfree(pages);
	return va;
}

struct sim_gpadl *sim_gpadl_find(u32 handle)
{
	struct sim_gpadl *gpadl;

	list_for_each_entry(gpadl, &sim.gpadls, node)
		if (gpadl->handle == handle)
			return gpadl;
	return NULL;
}

static void sim_gpadl_created(u32 relid, u32 handle, u32 status)
{
	struct vmbus_channel_gpadl_created msg = {
		.header.msgtype = cpu_to_le32(CHANNELMSG_GPADL_CREATED),
		.child_relid = cpu_to_le32(relid),
		.gpadl = cpu_to_le32(handle),
		.creation_status = cpu_to_le32(status),
	};

	sim_deliver(&msg, sizeof(msg));
}

static void sim_gpadl_free(struct sim_gpadl *gpadl)
{
	list_del(&gpadl->node);
	if (gpadl->va)
		vunmap(gpadl->va);
	kvfree(gpadl->pfns);
	kfree(gpadl);
}

/* A bad request: forget it and tell the guest. */
static void sim_gpadl_refuse(struct sim_gpadl *gpadl)
{
	u32 relid = gpadl->channel->relid, handle = gpadl->handle;

	sim_gpadl_free(gpadl);
	sim_gpadl_created(relid, handle, SIM_STATUS_FAILED);
}

/* Take @n PFNs; the GPADL is created once it has them all. */
static void sim_gpadl_add_pfns(struct sim_gpadl *gpadl, const __le64 *pfns, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++) {
		u64 pfn = le64_to_cpu(pfns[i]);

		if (!sim_guest_pfn_ok(pfn)) {
			sim_violation("GPADL %#x names PFN %#llx, which is not guest memory\n",
				      gpadl->handle, pfn);
			sim_gpadl_refuse(gpadl);
			return;
		}
		gpadl->pfns[gpadl->received++] = pfn;
	}
	if (gpadl->received < gpadl->npages)
		return;

	gpadl->va = sim_map_guest_pages(gpadl->pfns, gpadl->npages);
	if (!gpadl->va) {
		pr_warn_ratelimited("cannot map the %u pages of GPADL %#x; refusing it\n",
				    gpadl->npages, gpadl->handle);
		sim_gpadl_refuse(gpadl);
		return;
	}
	kvfree(gpadl->pfns);
	gpadl->pfns = NULL;
	atomic64_inc(&sim.gpadls_created);
	sim_gpadl_created(gpadl->channel->relid, gpadl->handle, 0);
}

void sim_gpadl_header(const void *buf, u32 len, u64 stamp)
{
	const struct vmbus_channel_gpadl_header *msg = buf;
	struct sim_channel *channel;
	struct sim_gpadl *gpadl;
	u32 relid, handle, buflen, npages, k;
	bool rescinded;

	if (len < sizeof(*msg)) {
		sim_violation("GPADL_HEADER of %u bytes\n", len);
		return;
	}
	relid = le32_to_cpu(msg->child_relid);
	handle = le32_to_cpu(msg->gpadl);
	channel = sim_channel_for_guest(relid, stamp, "GPADL_HEADER", &rescinded);
	if (!channel) {
		if (!rescinded)
			sim_gpadl_created(relid, handle, SIM_STATUS_FAILED);
		return;
	}
	if (!handle || sim_gpadl_find(handle)) {
		sim_violation("GPADL_HEADER for relid %u: handle %#x is %s\n", relid,
			      handle, handle ? "in use" : "0");
		sim_gpadl_created(relid, handle, SIM_STATUS_FAILED);
		return;
	}

	buflen = le16_to_cpu(msg->range_buflen);
	npages = buflen >= 16 ? (buflen - 8) / 8 : 0;
	k = (len - sizeof(*msg)) / 8;
	if (le16_to_cpu(msg->rangecount) != 1 || le32_to_cpu(msg->byte_offset) ||
	    !npages || buflen != 8 + 8 * npages || npages > SIM_GPADL_MAX_PAGES ||
	    le32_to_cpu(msg->byte_count) != npages * VMBUS_PAGE_SIZE ||
	    k != min_t(u32, npages, VMBUS_GPADL_HEADER_MAX_PFNS) ||
	    len != sizeof(*msg) + 8 * k) {
		sim_violation("GPADL_HEADER %#x for relid %u: %u bytes, %u ranges, range_buflen %u, byte_count %u, byte_offset %u; expected one range of whole pages with min(pages, %u) PFNs in the header\n",
			      handle, relid, len, le16_to_cpu(msg->rangecount), buflen,
			      le32_to_cpu(msg->byte_count), le32_to_cpu(msg->byte_offset),
			      VMBUS_GPADL_HEADER_MAX_PFNS);
		sim_gpadl_created(relid, handle, SIM_STATUS_FAILED);
		return;
	}

	gpadl = kzalloc(sizeof(*gpadl), GFP_KERNEL);
	if (gpadl)
		gpadl->pfns = kvmalloc_array(npages, sizeof(u64), GFP_KERNEL);
	if (!gpadl || !gpadl->pfns) {
		kfree(gpadl);
		sim_gpadl_created(relid, handle, SIM_STATUS_FAILED);
		return;
	}
	gpadl->channel = channel;
	gpadl->handle = handle;
	gpadl->npages = npages;
	list_add_tail(&gpadl->node, &sim.gpadls);
	sim_gpadl_add_pfns(gpadl, msg->pfn, k);
}

void sim_gpadl_body(const void *buf, u32 len, u64 stamp)
{
	const struct vmbus_channel_gpadl_body *msg = buf;
	struct sim_gpadl *gpadl;
	u32 handle, msgnumber, k, left;
	bool rescinded;

	if (len < sizeof(*msg) + 8 || (len - sizeof(*msg)) % 8) {
		sim_violation("GPADL_BODY of %u bytes\n", len);
		return;
	}
	handle = le32_to_cpu(msg->gpadl);
	gpadl = sim_gpadl_find(handle);
	if (!gpadl) {
		sim_violation("GPADL_BODY for handle %#x, which no GPADL_HEADER announced\n",
			      handle);
		return;
	}
	if (!sim_channel_for_guest(gpadl->channel->relid, stamp, "GPADL_BODY",
				   &rescinded))
		return;
	if (!gpadl->pfns) {
		sim_violation("GPADL_BODY for GPADL %#x, which already has all its pages\n",
			      handle);
		return;
	}
	/*
	 * The bodies follow their header in order (5). Linux leaves
	 * msgnumber 0 in each; a guest that numbers them counts 1, 2, ...
	 * from the first body on. Anything else is a body lost, repeated or
	 * out of order, and the PFNs would land in the wrong pages.
	 */
	msgnumber = le32_to_cpu(msg->msgnumber);
	if (!gpadl->bodies)
		gpadl->numbered = msgnumber != 0;
	if (msgnumber != (gpadl->numbered ? gpadl->bodies + 1 : 0)) {
		sim_violation("GPADL_BODY %u of GPADL %#x: msgnumber %u, not %u\n",
			      gpadl->bodies + 1, handle, msgnumber,
			      gpadl->numbered ? gpadl->bodies + 1 : 0);
		sim_gpadl_refuse(gpadl);
		return;
	}
	gpadl->bodies++;
	atomic64_inc(&sim.gpadl_bodies);
	k = (len - sizeof(*msg)) / 8;
	left = gpadl->npages - gpadl->received;
	if (k > min_t(u32, left, VMBUS_GPADL_BODY_MAX_PFNS)) {
		sim_violation("GPADL_BODY for GPADL %#x carries %u PFNs; %u are missing, at most %u fit a body\n",
			      handle, k, left, VMBUS_GPADL_BODY_MAX_PFNS);
		sim_gpadl_refuse(gpadl);
		return;
	}
	sim_gpadl_add_pfns(gpadl, msg->pfn, k);
}

void sim_gpadl_teardown(const void *buf, u32 len, u64 stamp)
{
	const struct vmbus_channel_gpadl_teardown *msg = buf;
	struct vmbus_channel_gpadl_torndown resp = {
		.header.msgtype = cpu_to_le32(CHANNELMSG_GPADL_TORNDOWN),
	};
	struct sim_channel *channel;
	struct sim_gpadl *gpadl;
	u32 relid, handle;
	bool rescinded;

	if (len < sizeof(*msg)) {
		sim_violation("GPADL_TEARDOWN of %u bytes\n", len);
		return;
	}
	relid = le32_to_cpu(msg->child_relid);
	handle = le32_to_cpu(msg->gpadl);
	/* Nothing is answered for a bad teardown: the guest keeps its pages. */
	channel = sim_channel_for_guest(relid, stamp, "GPADL_TEARDOWN", &rescinded);
	if (!channel)
		return;
	gpadl = sim_gpadl_find(handle);
	if (!gpadl || gpadl->channel != channel) {
		sim_violation("GPADL_TEARDOWN of GPADL %#x, which relid %u does not have\n",
			      handle, relid);
		return;
	}
	if (gpadl->pfns) {
		sim_violation("GPADL_TEARDOWN of GPADL %#x before it was created\n",
			      handle);
		sim_gpadl_free(gpadl);
		return;
	}
	if (channel->open && channel->ring_gpadl == gpadl) {
		sim_violation("GPADL_TEARDOWN of GPADL %#x, the rings of open relid %u\n",
			      handle, relid);
		return;
	}
	/* A NIC's buffers live in GPADLs of its primary. */
	sim_net_gpadl_teardown(channel, handle);
	sim_gpadl_free(gpadl);
	atomic64_inc(&sim.gpadls_torndown);
	resp.gpadl = cpu_to_le32(handle);
	sim_deliver(&resp, sizeof(resp));
}

/*
 * A rescind: stop touching the channel's pages. The GPADLs stay known
 * (by handle) until the relid is released, to tell a guest message that
 * crossed the rescind from one that came after it.
 */
void sim_gpadls_unmap(struct sim_channel *channel)
{
	struct sim_gpadl *gpadl;

	list_for_each_entry(gpadl, &sim.gpadls, node) {
		if (gpadl->channel != channel)
			continue;
		if (gpadl->va)
			vunmap(gpadl->va);
		gpadl->va = NULL;
		kvfree(gpadl->pfns);
		gpadl->pfns = NULL;
	}
}

/* Forget every GPADL of @channel (shut already). */
void sim_gpadls_free(struct sim_channel *channel)
{
	struct sim_gpadl *gpadl, *next;

	list_for_each_entry_safe(gpadl, next, &sim.gpadls, node)
		if (gpadl->channel == channel)
			sim_gpadl_free(gpadl);
}
