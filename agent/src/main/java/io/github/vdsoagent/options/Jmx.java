package io.github.vdsoagent.options;

/**
 * Whether the agent registers its MBeans in the platform MBean server ({@code jmx=}), where JMX exporters (the
 * Prometheus JMX exporter, the OpenTelemetry Java agent, JMXFetch) read them; see docs/metrics.md.
 */
public enum Jmx { ON, OFF }
