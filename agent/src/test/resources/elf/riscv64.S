/* A stand-in for the riscv64 vDSO: the names and version the kernel exports, each function a bare return. */
	.text

	.macro	vdso_function name
	.globl	\name
	.type	\name, STT_FUNC
	.balign	16
\name:
	ret
	.size	\name, . - \name
	.endm

	.globl	__vdso_rt_sigreturn
	.type	__vdso_rt_sigreturn, STT_FUNC
	.balign	16
__vdso_rt_sigreturn:
	li	a7, 139		/* rt_sigreturn */
	ecall
	.size	__vdso_rt_sigreturn, . - __vdso_rt_sigreturn

	vdso_function __vdso_clock_gettime
	vdso_function __vdso_gettimeofday
	vdso_function __vdso_clock_getres
	vdso_function __vdso_getcpu
	vdso_function __vdso_flush_icache
