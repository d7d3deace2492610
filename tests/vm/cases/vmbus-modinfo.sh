# shellcheck shell=sh
# modinfo shows hv_vmbus's version, license, description and ACPI aliases.
# timeout: 60

ko=$(find /lib/modules/"$(uname -r)"/updates -name hv_vmbus.ko)
check "hv_vmbus.ko is installed under updates/" test -n "$ko"
is "version is the package version" "$(modinfo -F version "$ko")" "$(cat /etc/hvlis-version)"
is "license" "$(modinfo -F license "$ko")" "GPL"
is "description" "$(modinfo -F description "$ko")" "Microsoft Hyper-V VMBus bus driver (hv-lis)"
is "aliases" "$(modinfo -F alias "$ko" | sort | tr '\n' ' ')" "acpi*:VMBUS:* acpi*:VMBus:* "
check "modprobe resolves hv_vmbus to the hv-lis copy" \
	sh -c 'modprobe --show-depends hv_vmbus 2>/dev/null | grep -q updates/ || modinfo hv_vmbus | grep -q updates/'
