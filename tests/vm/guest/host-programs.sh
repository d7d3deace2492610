# shellcheck shell=sh
# busybox sh runs its own applet of a name before it searches PATH, so
# "ip" would be busybox's even with iproute2's copied to /usr/sbin. Route
# each host program the initramfs carries (listed one path a line in
# /lib/hvlis/host-programs by mkinitramfs) to its copy, with a function:
# kmod's module tools, which behave like a distribution's (one load
# attempt, every modinfo field), and a case's "# programs:". A nested
# "sh -c" gets busybox's again: name the path there.
while read -r _prog; do
	if [ "${_prog##*/}" = kmod ]; then
		for _tool in modprobe insmod rmmod lsmod modinfo depmod; do
			eval "$_tool() { /usr/sbin/$_tool \"\$@\"; }"
		done
	elif busybox --list | grep -qx "${_prog##*/}"; then
		eval "${_prog##*/}() { $_prog \"\$@\"; }"
	fi
done </lib/hvlis/host-programs
unset _prog _tool
