// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_netvsc: the Hyper-V synthetic NIC. Each network offer becomes an
 * Ethernet netdev with the host's MAC; attaching it is the NVSP
 * handshake and the RNDIS initialisation on its primary channel, and an
 * MTU change detaches and attaches again, as the host only learns the
 * MTU in the NDIS configuration.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <proto/vmbus_classes.h>

#include "netvsc.h"

unsigned int netvsc_ring_bytes = VMBUS_RING_SIZE(SZ_512K);
module_param_named(ring_size, netvsc_ring_bytes, uint, 0444);
MODULE_PARM_DESC(ring_size,
		 "bytes of each ring of each channel, its 4 KiB control page included (default 528384)");

unsigned int netvsc_recv_buf_bytes = SZ_16M;
module_param_named(recv_buffer_size, netvsc_recv_buf_bytes, uint, 0444);
MODULE_PARM_DESC(recv_buffer_size, "bytes of the receive buffer of each NIC (default 16 MiB)");

unsigned int netvsc_send_buf_bytes = 170 * 6144;
module_param_named(send_buffer_size, netvsc_send_buf_bytes, uint, 0444);
MODULE_PARM_DESC(send_buffer_size, "bytes of the send buffer of each NIC (default 1044480)");

#define NETVSC_RING_MIN		VMBUS_RING_SIZE(64 * VMBUS_PAGE_SIZE)
#define NETVSC_RING_MAX		SZ_16M

/*
 * Undo netvsc_attach() as far as it went (2.4): HALT and wait for the
 * sends, revoke the buffers and take their GPADLs back, close.
 */
void netvsc_detach(struct netvsc_dev *ndev)
{
	struct netvsc_chan *chan = &ndev->chans[0];

	WRITE_ONCE(ndev->attached, false);
	netif_tx_disable(ndev->net);
	cancel_delayed_work_sync(&ndev->link_work);
	if (!chan->channel)
		return;
	netvsc_tx_flush_all(ndev);
	if (ndev->recv_buf_shared)
		netvsc_rndis_halt(ndev);
	/* 4.9: sub-channels close before their primary. */
	netvsc_subchans_close(ndev);
	netvsc_nvsp_disconnect(ndev);
	netvsc_chan_close(chan);
	/* An indication read before the close may have queued it again. */
	cancel_delayed_work_sync(&ndev->link_work);
	ndev->packet_filter = 0;
}

int netvsc_attach(struct netvsc_dev *ndev)
{
	int ret;

	ndev->nr_chans = 1;
	ndev->halted = false;
	ndev->packet_filter = 0;
	memset(ndev->send_table, 0, sizeof(ndev->send_table));
	ndev->host_send_table = false;
	ret = netvsc_chan_open(&ndev->chans[0], ndev->vdev->channel);
	if (ret) {
		dev_err(ndev_dev(ndev), "could not open the channel (error %d)\n", ret);
		return ret;
	}
	ret = netvsc_nvsp_connect(ndev);
	if (!ret)
		ret = netvsc_rndis_init(ndev);
	if (!ret)
		ret = netvsc_subchans_request(ndev);
	if (ret) {
		netvsc_detach(ndev);
		return ret;
	}
	WRITE_ONCE(ndev->attached, true);
	return 0;
}

static int netvsc_open(struct net_device *net)
{
	struct netvsc_dev *ndev = netdev_priv(net);
	int ret;

	if (!ndev->attached)
		return -ENODEV;
	ret = netvsc_rndis_set_filter(ndev, netvsc_rndis_filter_of(net));
	if (ret) {
		netdev_err(net, "could not set the receive filter (error %d)\n", ret);
		return ret;
	}
	netif_tx_wake_all_queues(net);
	mod_delayed_work(system_wq, &ndev->link_work, 0);
	return 0;
}

static int netvsc_close(struct net_device *net)
{
	struct netvsc_dev *ndev = netdev_priv(net);

	netif_tx_disable(net);
	netif_carrier_off(net);
	/* 3.9: no frames for a closed device. */
	if (ndev->attached && !ndev->gone)
		netvsc_rndis_set_filter(ndev, 0);
	return 0;
}

/* ndo_set_rx_mode runs atomic; the SET needs a wait. */
static void netvsc_filter_work(struct work_struct *work)
{
	struct netvsc_dev *ndev = container_of(work, struct netvsc_dev, filter_work);
	struct net_device *net = ndev->net;

	rtnl_lock();
	if (netif_running(net) && ndev->attached && !ndev->gone)
		netvsc_rndis_set_filter(ndev, netvsc_rndis_filter_of(net));
	rtnl_unlock();
}

static void netvsc_set_rx_mode(struct net_device *net)
{
	struct netvsc_dev *ndev = netdev_priv(net);

	schedule_work(&ndev->filter_work);
}

void netvsc_config_get(struct netvsc_dev *ndev, struct netvsc_config *cfg)
{
	cfg->mtu = ndev->net->mtu;
	cfg->chans = ndev->want_chans;
	cfg->recv_buf_size = ndev->recv_buf_want;
	cfg->send_buf_size = ndev->send_buf_want;
}

static void netvsc_config_put(struct netvsc_dev *ndev, const struct netvsc_config *cfg)
{
	WRITE_ONCE(ndev->net->mtu, cfg->mtu);
	ndev->want_chans = cfg->chans;
	ndev->recv_buf_want = cfg->recv_buf_size;
	ndev->send_buf_want = cfg->send_buf_size;
}

/*
 * Detach and attach again with @cfg (the RTNL held), as what it changes
 * is only agreed on in the handshake; if the host refuses it, the NIC
 * comes back as it was. The netdev and its addresses stay.
 */
int netvsc_reconfigure(struct netvsc_dev *ndev, const struct netvsc_config *cfg)
{
	struct net_device *net = ndev->net;
	bool running = netif_running(net);
	struct netvsc_config old;
	int ret;

	ASSERT_RTNL();
	if (ndev->gone)
		return -ENODEV;
	netvsc_config_get(ndev, &old);
	if (running)
		netvsc_close(net);
	netvsc_detach(ndev);
	netvsc_config_put(ndev, cfg);
	ret = netvsc_attach(ndev);
	if (ret) {
		netdev_err(net, "could not re-initialise the NIC with MTU %u, %u channels, buffers of %u and %u bytes (error %d); back to what it was\n",
			   cfg->mtu, cfg->chans, cfg->recv_buf_size, cfg->send_buf_size, ret);
		netvsc_config_put(ndev, &old);
		if (netvsc_attach(ndev)) {
			netdev_err(net, "could not re-initialise the NIC; it stays down\n");
			return ret;
		}
	}
	/* Its queues are in place before it carries frames again. */
	netvsc_subchans_wait(ndev);
	if (running)
		netvsc_open(net);
	return ret;
}

/* 2.9: the host learns the MTU only in the NDIS configuration. */
static int netvsc_change_mtu(struct net_device *net, int mtu)
{
	struct netvsc_dev *ndev = netdev_priv(net);
	struct netvsc_config cfg;

	netvsc_config_get(ndev, &cfg);
	cfg.mtu = mtu;
	return netvsc_reconfigure(ndev, &cfg);
}

static void netvsc_get_stats64(struct net_device *net, struct rtnl_link_stats64 *s)
{
	struct netvsc_dev *ndev = netdev_priv(net);
	unsigned int i, start;

	netdev_stats_to_stats64(s, &net->stats);
	for (i = 0; i < NETVSC_MAX_CHANNELS; i++) {
		struct netvsc_chan *chan = &ndev->chans[i];
		u64 packets, bytes;

		do {
			start = u64_stats_fetch_begin(&chan->tx_stats.syncp);
			packets = u64_stats_read(&chan->tx_stats.packets);
			bytes = u64_stats_read(&chan->tx_stats.bytes);
		} while (u64_stats_fetch_retry(&chan->tx_stats.syncp, start));
		s->tx_packets += packets;
		s->tx_bytes += bytes;
		do {
			start = u64_stats_fetch_begin(&chan->rx_stats.syncp);
			packets = u64_stats_read(&chan->rx_stats.packets);
			bytes = u64_stats_read(&chan->rx_stats.bytes);
		} while (u64_stats_fetch_retry(&chan->rx_stats.syncp, start));
		s->rx_packets += packets;
		s->rx_bytes += bytes;
	}
}

/* 3.8: the host may refuse; then the address stays as it was. */
static int netvsc_set_mac_address(struct net_device *net, void *p)
{
	struct netvsc_dev *ndev = netdev_priv(net);
	const struct sockaddr *sa = p;
	const u8 *mac = (const u8 *)sa->sa_data;
	int ret;

	if (!is_valid_ether_addr(mac))
		return -EADDRNOTAVAIL;
	if (!ndev->attached || ndev->gone)
		return -ENODEV;
	ret = netvsc_rndis_set_mac(ndev, mac);
	if (ret)
		return ret;
	eth_hw_addr_set(net, mac);
	return 0;
}

/* ethtool -K: the host offloads what the features ask, or nothing changes. */
static int netvsc_set_features(struct net_device *net, netdev_features_t features)
{
	struct netvsc_dev *ndev = netdev_priv(net);

	if (!((net->features ^ features) & NETVSC_OFFLOAD_FEATURES))
		return 0;
	if (!ndev->attached)
		return -ENODEV;
	return netvsc_set_offloads(ndev, features);
}

HVLIS_DEFINE_SELECT_QUEUE(netvsc_select_queue)

static const struct net_device_ops netvsc_netdev_ops = {
	.ndo_open = netvsc_open,
	.ndo_stop = netvsc_close,
	.ndo_start_xmit = netvsc_start_xmit,
	.ndo_select_queue = HVLIS_SELECT_QUEUE(netvsc_select_queue),
	.ndo_set_rx_mode = netvsc_set_rx_mode,
	.ndo_change_mtu = netvsc_change_mtu,
	.ndo_get_stats64 = netvsc_get_stats64,
	.ndo_set_features = netvsc_set_features,
	.ndo_validate_addr = eth_validate_addr,
	.ndo_set_mac_address = netvsc_set_mac_address,
};

static void netvsc_init_dev(struct netvsc_dev *ndev)
{
	struct net_device *net = ndev->net;
	unsigned int i;

	mutex_init(&ndev->nvsp.lock);
	spin_lock_init(&ndev->nvsp.reply_lock);
	init_completion(&ndev->nvsp.done);
	mutex_init(&ndev->rndis.lock);
	spin_lock_init(&ndev->rndis.reply_lock);
	init_completion(&ndev->rndis.done);
	INIT_DELAYED_WORK(&ndev->link_work, netvsc_link_work);
	INIT_WORK(&ndev->filter_work, netvsc_filter_work);
	netvsc_rss_init_dev(ndev);
	ndev->recv_buf_want = netvsc_recv_buf_bytes;
	ndev->send_buf_want = netvsc_send_buf_bytes;
	for (i = 0; i < NETVSC_MAX_CHANNELS; i++) {
		ndev->chans[i].ndev = ndev;
		ndev->chans[i].index = i;
		u64_stats_init(&ndev->chans[i].tx_stats.syncp);
		u64_stats_init(&ndev->chans[i].rx_stats.syncp);
	}

	net->netdev_ops = &netvsc_netdev_ops;
	net->ethtool_ops = &netvsc_ethtool_ops;
	net->needed_headroom = RNDIS_TX_HEADROOM;
	net->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	net->min_mtu = ETH_MIN_MTU;
	net->max_mtu = NETVSC_MTU_MAX;
	net->hw_features = NETIF_F_SG | NETIF_F_RXHASH | NETIF_F_HW_VLAN_CTAG_TX |
			   NETIF_F_HW_VLAN_CTAG_RX;
	net->vlan_features = NETIF_F_SG;
}

static void netvsc_free(struct netvsc_dev *ndev)
{
	kfree(ndev->rndis.reply);
	free_page((unsigned long)ndev->rndis.request);
	free_netdev(ndev->net);
}

static int netvsc_probe(struct vmbus_device *vdev, const struct hv_vmbus_device_id *id)
{
	struct netvsc_dev *ndev;
	struct net_device *net;
	int ret;

	net = alloc_etherdev_mq(sizeof(*ndev), NETVSC_MAX_CHANNELS);
	if (!net)
		return -ENOMEM;
	/* One queue until the sub-channels are open (rss.c). */
	netif_set_real_num_tx_queues(net, 1);
	netif_set_real_num_rx_queues(net, 1);
	SET_NETDEV_DEV(net, &vdev->dev);
	ndev = netdev_priv(net);
	ndev->net = net;
	ndev->vdev = vdev;
	netvsc_init_dev(ndev);
	ndev->rndis.request = (u8 *)__get_free_page(GFP_KERNEL | __GFP_ZERO);
	ndev->rndis.reply = kzalloc(RNDIS_MAX_RESPONSE_SIZE, GFP_KERNEL);
	if (!ndev->rndis.request || !ndev->rndis.reply) {
		ret = -ENOMEM;
		goto out_free;
	}
	dev_set_drvdata(&vdev->dev, ndev);
	hvlis_set_subchannel_callbacks(vdev->channel, netvsc_subchan_new,
				       netvsc_subchan_rescinded);

	/* It logged why; the driver core need not say it again. */
	if (netvsc_attach(ndev)) {
		ret = -ENODEV;
		goto out_free;
	}
	if (ndev->nvsp_version < NVSP_PROTOCOL_VERSION_2)
		net->max_mtu = NETVSC_MTU_MAX_V1;
	net->features |= net->hw_features;
	eth_hw_addr_set(net, ndev->perm_addr);
	netif_carrier_off(net);

	ret = register_netdev(net);
	if (ret) {
		dev_err(&vdev->dev, "could not register the network device (error %d)\n", ret);
		goto out_detach;
	}
	netdev_info(net, "NVSP %#x, NDIS %u.%u, MAC %pM, MTU %u, %u channel%s\n",
		    ndev->nvsp_version, ndev->ndis_version >> 16,
		    ndev->ndis_version & 0xffff, net->dev_addr, net->mtu,
		    ndev->nr_chans, ndev->nr_chans == 1 ? "" : "s");
	return 0;

out_detach:
	netvsc_detach(ndev);
out_free:
	hvlis_set_subchannel_callbacks(vdev->channel, NULL, NULL);
	dev_set_drvdata(&vdev->dev, NULL);
	netvsc_free(ndev);
	return ret;
}

static void netvsc_remove(struct vmbus_device *vdev)
{
	struct netvsc_dev *ndev = dev_get_drvdata(&vdev->dev);

	/* A host that took the NIC back answers nothing: do not wait for it. */
	if (hvlis_channel_rescinded(vdev->channel))
		WRITE_ONCE(ndev->gone, true);
	unregister_netdev(ndev->net);
	cancel_work_sync(&ndev->filter_work);
	cancel_work_sync(&ndev->subchan_work);
	netvsc_detach(ndev);
	hvlis_set_subchannel_callbacks(vdev->channel, NULL, NULL);
	dev_set_drvdata(&vdev->dev, NULL);
	netvsc_free(ndev);
}

static const struct hv_vmbus_device_id netvsc_ids[] = {
	{ .guid = VMBUS_CLASS_NIC },
	{ },
};
MODULE_DEVICE_TABLE(vmbus, netvsc_ids);

static struct vmbus_driver netvsc_driver = {
	.name = KBUILD_MODNAME,
	.id_table = netvsc_ids,
	.probe = netvsc_probe,
	.remove = netvsc_remove,
};

static bool netvsc_param_ok(const char *name, unsigned int value,
			    unsigned int min, unsigned int max)
{
	if (value % VMBUS_PAGE_SIZE == 0 && value >= min && value <= max)
		return true;
	pr_err("%s=%u: it must be a multiple of 4096 from %u to %u\n",
	       name, value, min, max);
	return false;
}

static int __init netvsc_init(void)
{
	if (!netvsc_param_ok("ring_size", netvsc_ring_bytes, NETVSC_RING_MIN,
			     NETVSC_RING_MAX) ||
	    !netvsc_param_ok("recv_buffer_size", netvsc_recv_buf_bytes, NETVSC_BUF_MIN,
			     NETVSC_RECV_BUF_MAX) ||
	    !netvsc_param_ok("send_buffer_size", netvsc_send_buf_bytes, NETVSC_BUF_MIN,
			     NETVSC_SEND_BUF_MAX))
		return -EINVAL;
	return hvlis_driver_register(&netvsc_driver);
}

static void __exit netvsc_exit(void)
{
	hvlis_driver_unregister(&netvsc_driver);
}

module_init(netvsc_init);
module_exit(netvsc_exit);

MODULE_DESCRIPTION("Hyper-V synthetic network adapter");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVLIS_VERSION);
