package io.github.vdsoagent.vocabulary;

/**
 * How a report is rendered ({@code format=}, {@code --format}): text, JSON, the sampled stacks as collapsed lines (a
 * flame graph's input), or one self-contained HTML page with the flame graph.
 */
public enum ReportFormat { TEXT, JSON, COLLAPSED, HTML }
