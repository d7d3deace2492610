#!/bin/sh
# hv-lis: build the modules for a kernel being installed. Installed as
# /etc/kernel/postinst.d/hv-lis, which runs after DKMS's hook and before
# initramfs-tools' one, so the new initramfs holds what was built here.
# It never fails the kernel's installation: a kernel whose build fails
# keeps its own drivers (hv-lis-modules says so, once, with the log).
[ -x /usr/libexec/hv-lis-dkms/hv-lis-modules ] || exit 0
exec /usr/libexec/hv-lis-dkms/hv-lis-modules build "$1"
