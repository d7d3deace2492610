/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv_netvsc: the Hyper-V synthetic NIC as a netdev (protocol-devices.md
 * sections 2 and 3). Shared by the files of the module: main.c (probe,
 * remove, the netdev ops), nvsp.c (the NVSP handshake, the receive and
 * send buffers, teardown), rndis.c (RNDIS requests, the device's
 * initialisation and status indications), channel.c (what arrives on a
 * channel), rss.c (sub-channels and receive-side scaling), tx.c
 * (frames out), rx.c (frames in, NAPI) and ethtool.c.
 */
#ifndef HVLIS_NETVSC_H
#define HVLIS_NETVSC_H

#include <linux/completion.h>
#include <linux/etherdevice.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <hvlis/compat.h>
#include <hvlis/compat-net.h>
#include <proto/nvsp.h>
#include <proto/rndis.h>
#include <vmbus.h>

/* 0.5: the NVSP control requests' id (one at a time, on the primary). */
#define NETVSC_CTL_TRANS_ID	(U64_MAX - 2)
/* Request-table value of an RNDIS control message (not an skb). */
#define NETVSC_TX_CONTROL	1

#define NETVSC_CTL_TIMEOUT	(5 * HZ)
#define NETVSC_DRAIN_TIMEOUT	(5 * HZ)

#define NETVSC_MAX_CHANNELS	8
/* 2.7: sub-channels come from a work item of the host; wait that long. */
#define NETVSC_SUBCHAN_TIMEOUT	(10 * HZ)
#define NETVSC_RX_QUEUE_MAX	1024	/* skbs the callback queues for NAPI */
#define NETVSC_RX_PKT_HDR_MAX	512	/* a frame's RNDIS header and PPIs */
#define NETVSC_TX_MAX_PFNS	256	/* page numbers of one page-buffer send */
#define NETVSC_DEFERRED_COMPS	64	/* receive completions waiting for room */

/* The features the host's offload capabilities decide (3.6). */
#define NETVSC_OFFLOAD_FEATURES	(NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM | NETIF_F_TSO | \
				 NETIF_F_TSO6 | NETIF_F_RXCSUM)

/* The receive and send buffers' sizes (module parameters, ethtool -G). */
#define NETVSC_BUF_MIN		(64 * 1024)
#define NETVSC_RECV_BUF_MAX	(31 * 1024 * 1024)
#define NETVSC_SEND_BUF_MAX	(15 * 1024 * 1024)

/* 2.9 */
#define NETVSC_MTU_MAX		(65535 - ETH_HLEN)
#define NETVSC_MTU_MAX_V1	ETH_DATA_LEN

struct netvsc_dev;

/* Per-queue counters, ethtool -S; the first of each pair also ip -s. */
struct netvsc_queue_stats {
	struct u64_stats_sync syncp;
	u64_stats_t packets;
	u64_stats_t bytes;
};

/* What tx.c counts besides packets (ethtool -S). */
struct netvsc_tx_counters {
	atomic64_t ring_busy;		/* ring full: queue stopped */
	atomic64_t no_section;		/* send buffer full: sent as pages */
	atomic64_t gpa_direct;		/* sent as page buffers */
	atomic64_t batched;		/* shared a section with the previous */
	atomic64_t dropped;		/* could not be sent at all */
};

struct netvsc_rx_counters {
	atomic64_t no_memory;		/* no skb for a frame */
	atomic64_t csum_validated;	/* host said the checksum is good */
	atomic64_t vlan;		/* carried a VLAN PPI */
};

/* One channel, the primary or a sub-channel: one TX and one RX queue. */
struct netvsc_chan {
	struct netvsc_dev *ndev;
	struct hvlis_channel *channel;	/* set while open */
	unsigned int index;

	/* RX: the callback copies frames out and NAPI hands them up. */
	struct napi_struct napi;
	struct sk_buff_head rx_queue;
	bool rx_stalled;		/* the callback left packets in the ring */
	/* A private copy of each RNDIS message's header (RNDIS_MAX_RESPONSE_SIZE) */
	u8 *rx_copy;
	/* Receive completions the ring had no room for; callback only. */
	struct {
		u64 trans_id;
		u32 status;
	} deferred[NETVSC_DEFERRED_COMPS];
	unsigned int nr_deferred;

	/* TX: a batch being filled in a send-buffer section (txq lock). */
	u32 batch_section;		/* NVSP_INVALID_SECTION_INDEX: none */
	u32 batch_len;
	u32 batch_count;
	atomic_t outstanding;		/* sends the host has not completed */
	/* skbs sent as page buffers, freed on completion or after close */
	struct sk_buff_head tx_pending;
	struct vmbus_page_range tx_ranges[MAX_SKB_FRAGS + 1];
	u64 tx_pfns[NETVSC_TX_MAX_PFNS];

	struct netvsc_queue_stats tx_stats;
	struct netvsc_queue_stats rx_stats;
};

/* The RNDIS request in flight (one at a time). */
struct netvsc_rndis_ctl {
	struct mutex lock;		/* one request at a time; request */
	spinlock_t reply_lock;		/* pending, req_id, reply, reply_len */
	bool pending;
	u32 req_id;
	u32 next_id;
	u8 *request;			/* PAGE_SIZE: the message the host reads */
	u8 *reply;			/* RNDIS_MAX_RESPONSE_SIZE */
	u32 reply_len;
	struct completion done;
};

/* The NVSP control request in flight (one at a time, on the primary). */
struct netvsc_nvsp_ctl {
	struct mutex lock;		/* one request at a time */
	spinlock_t reply_lock;		/* pending, expect_type, reply */
	bool pending;
	u32 expect_type;
	struct nvsp_message reply;
	struct completion done;
};

struct netvsc_dev {
	struct vmbus_device *vdev;
	struct net_device *net;

	/* What the next attach asks for (ethtool -G; the module's by default). */
	u32 recv_buf_want;
	u32 send_buf_want;

	/* What the handshake agreed (fixed while attached). */
	u32 nvsp_version;
	u32 ndis_version;
	u32 recv_buf_size;
	u32 recv_section_size;		/* sub-allocation size */
	u32 recv_sections;
	u32 send_buf_size;
	u32 send_section_size;
	u32 send_sections;
	u32 max_pkt_per_msg;		/* RNDIS INIT_C */
	u32 pkt_align;			/* bytes: 1 << pkt_alignment_factor */
	u32 host_mtu;			/* MAXIMUM_FRAME_SIZE */
	u32 link_speed;			/* Mbit/s */
	u8 perm_addr[ETH_ALEN];
	/* 3.6: what the host can check and fill in, and what TX asks it to */
	bool csum_tcp4, csum_udp4, csum_tcp6, csum_udp6;
	bool tx_csum_ip4, tx_csum_ip6;

	void *recv_buf;
	u32 recv_gpadl;
	void *send_buf;
	u32 send_gpadl;
	unsigned long *send_section_map;
	bool recv_buf_shared, send_buf_shared;	/* the host accepted them */

	struct netvsc_nvsp_ctl nvsp;
	struct netvsc_rndis_ctl rndis;

	unsigned int nr_chans;
	struct netvsc_chan chans[NETVSC_MAX_CHANNELS];
	/* 2.7: the host's send indirection table, channel per hash bucket. */
	u32 send_table[NVSP_SEND_INDIRECTION_ENTRIES];
	bool host_send_table;		/* the host sent one since the attach */

	/*
	 * 2.7: sub-channels. chan_lock orders their opening (from the
	 * vmbus offer work) against the teardown; nr_chans grows to
	 * 1 + subchans_granted under the RTNL once all of them are open.
	 */
	struct mutex chan_lock;
	unsigned int host_queues;	/* RECEIVE_SCALE_CAPABILITIES, capped */
	unsigned int want_chans;	/* ethtool -L; 0: the default */
	unsigned int subchans_granted;	/* the request, until it is answered */
	unsigned int subchans_open;
	bool subchans_pending;		/* SUBCHANNEL not answered yet */
	struct completion subchans_done;
	struct work_struct subchan_work;
	/* RSS (3.6): the Toeplitz key and the indirection table (ethtool -X) */
	u32 rss_entries;		/* the host's table size */
	u8 rss_key[NDIS_RSS_HASH_SECRET_KEY_SIZE];
	u32 rss_table[NDIS_RSS_INDIRECTION_TABLE_MAX];

	/* Set while the device is usable; cleared first on teardown. */
	bool attached;
	bool gone;			/* the host rescinded it */
	bool halted;

	/* Link state from the host (3.8), applied from process context. */
	bool link_up;
	struct delayed_work link_work;
	struct work_struct filter_work;
	u32 packet_filter;

	struct netvsc_tx_counters tx;
	struct netvsc_rx_counters rx;
	atomic64_t bad_packets;		/* dropped as malformed or unexpected */
};

extern unsigned int netvsc_ring_bytes;
extern unsigned int netvsc_recv_buf_bytes;
extern unsigned int netvsc_send_buf_bytes;

/* A little-endian u32 at any alignment. */
static inline u32 netvsc_le32_at(const void *p)
{
	__le32 v;

	memcpy(&v, p, sizeof(v));
	return le32_to_cpu(v);
}

static inline struct device *ndev_dev(const struct netvsc_dev *ndev)
{
	return &ndev->vdev->dev;
}

/* main.c */
/* What a re-initialisation changes (ethtool -L, -G, the MTU). */
struct netvsc_config {
	unsigned int mtu;
	unsigned int chans;		/* 0: the default */
	u32 recv_buf_size;
	u32 send_buf_size;
};

int netvsc_attach(struct netvsc_dev *ndev);
void netvsc_detach(struct netvsc_dev *ndev);
void netvsc_config_get(struct netvsc_dev *ndev, struct netvsc_config *cfg);
int netvsc_reconfigure(struct netvsc_dev *ndev, const struct netvsc_config *cfg);

/* nvsp.c */
int netvsc_nvsp_exec(struct netvsc_dev *ndev, struct nvsp_message *msg,
		     u32 len, u32 expect_type);
void netvsc_nvsp_reply(struct netvsc_dev *ndev, const void *data, u32 len);
int netvsc_nvsp_connect(struct netvsc_dev *ndev);
void netvsc_nvsp_disconnect(struct netvsc_dev *ndev);
void netvsc_bad_packet(struct netvsc_dev *ndev, struct netvsc_chan *chan,
		       const char *what);

/* rndis.c */
int netvsc_rndis_init(struct netvsc_dev *ndev);
void netvsc_rndis_halt(struct netvsc_dev *ndev);
int netvsc_rndis_set_filter(struct netvsc_dev *ndev, u32 filter);
int netvsc_rndis_set_mac(struct netvsc_dev *ndev, const u8 *mac);
int netvsc_set_offloads(struct netvsc_dev *ndev, netdev_features_t features);
u32 netvsc_rndis_filter_of(const struct net_device *net);
bool netvsc_rndis_receive(struct netvsc_chan *chan, const void *msg, u32 len);
void netvsc_link_work(struct work_struct *work);
int netvsc_send_control(struct netvsc_dev *ndev, const void *msg, u32 len);
int netvsc_query(struct netvsc_dev *ndev, u32 oid, const void *in, u32 in_len,
		 void *out, u32 *out_len);
int netvsc_set(struct netvsc_dev *ndev, u32 oid, const void *data, u32 len);

/* rss.c */
extern unsigned int netvsc_max_queues;
void netvsc_rss_init_dev(struct netvsc_dev *ndev);
int netvsc_subchans_request(struct netvsc_dev *ndev);
void netvsc_subchans_close(struct netvsc_dev *ndev);
int netvsc_subchans_wait(struct netvsc_dev *ndev);
void netvsc_subchan_new(struct hvlis_channel *sub);
void netvsc_subchan_rescinded(struct hvlis_channel *sub);
int netvsc_rss_set(struct netvsc_dev *ndev, unsigned int nr_chans, bool keep);

/* channel.c */
int netvsc_chan_open(struct netvsc_chan *chan, struct hvlis_channel *channel);
void netvsc_chan_close(struct netvsc_chan *chan);
void netvsc_fill_pfns(const void *buf, u32 len, struct vmbus_page_range *range,
		      u64 *pfns);

/* tx.c */
netdev_tx_t netvsc_start_xmit(struct sk_buff *skb, struct net_device *net);
u16 netvsc_select_queue(struct net_device *net, struct sk_buff *skb,
			struct net_device *sb_dev);
void netvsc_tx_completion(struct netvsc_chan *chan, u64 trans_id,
			  const void *data, u32 len);
void netvsc_tx_wake(struct netvsc_chan *chan);
bool netvsc_tx_drain(struct netvsc_dev *ndev);
void netvsc_tx_flush_all(struct netvsc_dev *ndev);

/* rx.c */
void netvsc_rx_xfer_packet(struct netvsc_chan *chan,
			   const struct vmbus_packet_descriptor *desc);
bool netvsc_rx_flush_deferred(struct netvsc_chan *chan);
bool netvsc_rx_frame(struct netvsc_chan *chan, const void *hdr, u32 hdr_len,
		     const u8 *msg, u32 msg_len);
int netvsc_napi_poll(struct napi_struct *napi, int budget);

/* ethtool.c */
extern const struct ethtool_ops netvsc_ethtool_ops;

#endif
