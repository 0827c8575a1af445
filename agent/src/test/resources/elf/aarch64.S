/*
 * A stand-in for the arm64 vDSO: the names and version the kernel exports, each function a bare return, and
 * __kernel_rt_sigreturn doing what the real one does (rt_sigreturn is syscall 139 on arm64).
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

	vdso_function __kernel_clock_gettime
	vdso_function __kernel_gettimeofday
	vdso_function __kernel_clock_getres

	.globl	__kernel_rt_sigreturn
	.type	__kernel_rt_sigreturn, STT_FUNC
	.balign	16
__kernel_rt_sigreturn:
	mov	x8, #139
	svc	#0
	.size	__kernel_rt_sigreturn, . - __kernel_rt_sigreturn
