# shellcheck shell=bash
# Sourced by the package tests that install into a throw-away copy of
# this machine: an overlay of / whose upper layer is a tmpfs, chrooted
# into. The same steps as tests/pkg/deb-install, kept here for the tests
# written after it (deb-boot).
#
#   pkg_kernel            prints the newest kernel with headers, an image
#                         and an initramfs in /boot (DKMS builds for it)
#   pkg_overlay_up WORK   mounts a tmpfs on WORK and the overlay on
#                         WORK/root (sets pkg_root), with /proc, /sys, /dev
#   pkg_overlay_down      unmounts what pkg_overlay_up mounted
#   pkg_inroot CMD...     runs CMD in the chroot

pkg_kernel() {
	local img k kver=
	for img in /boot/vmlinuz-*; do
		k=${img#/boot/vmlinuz-}
		[ -e "/lib/modules/$k/build/Makefile" ] && [ -e "/boot/initrd.img-$k" ] && kver=$k
	done
	[ -n "$kver" ] && echo "$kver"
}

pkg_overlay_up() {
	local fs
	pkg_work=$1
	pkg_root=$pkg_work/root
	mount -t tmpfs -o size=4g tmpfs "$pkg_work" || return 1
	mkdir -p "$pkg_work/upper" "$pkg_work/work" "$pkg_root"
	mount -t overlay overlay -o "lowerdir=/,upperdir=$pkg_work/upper,workdir=$pkg_work/work" "$pkg_root" ||
		return 1
	for fs in proc sys dev; do
		mount --rbind "/$fs" "$pkg_root/$fs" || return 1
	done
}

pkg_overlay_down() {
	[ -n "${pkg_work:-}" ] || return 0
	umount -R "$pkg_root" 2>/dev/null
	umount -R "$pkg_work" 2>/dev/null
	rmdir "$pkg_work" 2>/dev/null
	pkg_work=
}

pkg_inroot() {
	chroot "$pkg_root" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"
}
