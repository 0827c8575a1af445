/*
 * A stand-in for the i386 vDSO (ELFCLASS32): its two versions, __kernel_vsyscall entering the kernel, the other
 * functions bare returns. Not in the kernel's image, added to exercise the parser: a weak alias (time), and an
 * older definition of __vdso_time under LINUX_2.5 that is not the default (readelf shows __vdso_time@LINUX_2.5
 * next to __vdso_time@@LINUX_2.6). Both get their version from .symver: a plain __vdso_time would be given the
 * first node of the version script that lists the name.
 */
	.text

	.macro	vdso_function name
	.globl	\name
	.type	\name, STT_FUNC
	.balign	16
\name:
	ret
	.size	\name, . - \name
	.endm

	.globl	__kernel_vsyscall
	.type	__kernel_vsyscall, STT_FUNC
	.balign	16
__kernel_vsyscall:
	int	$0x80
	ret
	.size	__kernel_vsyscall, . - __kernel_vsyscall

	vdso_function __kernel_sigreturn
	vdso_function __kernel_rt_sigreturn
	vdso_function __vdso_clock_gettime
	vdso_function __vdso_gettimeofday
	vdso_function __vdso_clock_getres

	.weak	time
	.type	time, STT_FUNC
	.set	time, __vdso_time_new

	vdso_function __vdso_time_new
	.symver	__vdso_time_new, __vdso_time@@LINUX_2.6
	vdso_function __vdso_time_old
	.symver	__vdso_time_old, __vdso_time@LINUX_2.5
