package io.github.vdsoagent.vocabulary;

/**
 * What a rewritten call reads through ({@code clock=}): the vDSO's clock_gettime, the JVM's own call (counted
 * only), or a real clock_gettime system call for every read (the control).
 */
public enum ClockMode { VDSO, JVM, SYSCALL }
