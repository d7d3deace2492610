/*
 * API: the kernel's Hyper-V platform code exports hv_setup_vmbus_handler()
 * and hv_remove_vmbus_handler(), the hook that routes the VMBus interrupt
 * vector (HYPERVISOR_CALLBACK_VECTOR) to a handler in a module.
 * Changed: v5.13 (renamed from hv_setup_vmbus_irq()/hv_remove_vmbus_irq()
 * when the hook became architecture independent); present only when the
 * kernel is built with CONFIG_HYPERV. Without it, hv_vmbus takes the VMBus
 * interrupt through the ACPI VMBus device instead.
 * This is a link probe: it answers "absent" when the kernel does not export
 * what it links against.
 * Links: hv_setup_vmbus_handler hv_remove_vmbus_handler
 */
#include <linux/module.h>
#include <asm/mshyperv.h>

static void probe_handler(void)
{
}

static int __init probe_init(void)
{
	hv_setup_vmbus_handler(probe_handler);
	hv_remove_vmbus_handler();
	return 0;
}
module_init(probe_init);
