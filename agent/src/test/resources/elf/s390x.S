/*
 * A stand-in for the s390x vDSO: big-endian ELFCLASS64 whose DT_HASH entries are 8 bytes wide (the s390x ABI's
 * exception to the 4-byte rule). Each function returns through r14.
 */
	.text

	.macro	vdso_function name
	.globl	\name
	.type	\name, STT_FUNC
	.balign	16
\name:
	br	%r14
	.size	\name, . - \name
	.endm

	vdso_function __kernel_clock_gettime
	vdso_function __kernel_gettimeofday
	vdso_function __kernel_clock_getres
	vdso_function __kernel_getcpu
