package io.github.vdsoagent.vocabulary;

/** How a report is rendered ({@code format=}, {@code --format}). */
public enum ReportFormat { TEXT, JSON }
