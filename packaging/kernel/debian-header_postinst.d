#!/bin/sh
# hv-lis: build the modules when a kernel's headers are installed after
# the kernel itself (its initramfs was made without them, so it is made
# again). Installed as /etc/kernel/header_postinst.d/hv-lis.
[ -x /usr/libexec/hv-lis-dkms/hv-lis-modules ] || exit 0
exec /usr/libexec/hv-lis-dkms/hv-lis-modules build "$1" --initramfs
