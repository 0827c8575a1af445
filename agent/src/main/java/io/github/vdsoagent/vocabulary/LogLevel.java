package io.github.vdsoagent.vocabulary;

/** How much of the agent's own messages reach stderr ({@code log=}). */
public enum LogLevel { WARN, INFO, DEBUG }
