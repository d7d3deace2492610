/*
 * API: GENL_SET_ERR_MSG(), an error message for the netlink extended ack.
 * Changed: v4.12 ("genetlink: pass extended ACK report down"); before,
 * a generic netlink error carries no message.
 * Used by: compat/include/hvlis/compat-genl.h (hv_utils KVP commands).
 */
#include <net/genetlink.h>

static void probe(struct genl_info *info)
{
	GENL_SET_ERR_MSG(info, "probe");
}

void (*hvlis_probe)(struct genl_info *) = probe;
