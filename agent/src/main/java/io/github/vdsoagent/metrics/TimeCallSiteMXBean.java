package io.github.vdsoagent.metrics;

/**
 * The calls of one of the most called call sites ({@code jmxsites=}), over the agent's life in this JVM:
 * {@code io.github.vdsoagent:type=TimeCallSite,api=<API>,class=<class>,method=<method>,line=<line>}, the class,
 * method and line as the report's JSON gives them. Sites alike in all four (two calls of the API on one line, one
 * class in two class loaders) are one bean.
 */
public interface TimeCallSiteMXBean extends TimeCallsMXBean {
    /** The API the site calls, as the report names it. */
    String getApi();

    /** Where the site is, as a stack trace shows it: {@code com.acme.Foo.bar(Foo.java:27)}. */
    String getSite();
}
