package io.github.vdsoagent.metrics;

import io.github.vdsoagent.vocabulary.TimeApi;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** The beans' names, in the agent's own JMX domain, with a key's value quoted only where JMX requires it. */
final class ObjectNames {
    static final String DOMAIN = "io.github.vdsoagent";

    private ObjectNames() {
    }

    /** {@code io.github.vdsoagent:type=Agent}. */
    static ObjectName agent() throws MalformedObjectNameException {
        return new ObjectName(DOMAIN + ":type=Agent");
    }

    /** {@code io.github.vdsoagent:type=TimeCalls,api=java.lang.System.nanoTime}. */
    static ObjectName timeCalls(TimeApi api) throws MalformedObjectNameException {
        return new ObjectName(DOMAIN + ":type=TimeCalls,api=" + value(api.apiName()));
    }

    /** {@code io.github.vdsoagent:type=TimeCallSite,api=...,class=com.acme.Foo,method=bar,line=27}. */
    static ObjectName site(SiteKey site) throws MalformedObjectNameException {
        return new ObjectName(DOMAIN + ":type=TimeCallSite,api=" + value(site.api().apiName()) + ",class="
                + value(site.className()) + ",method=" + value(site.method()) + ",line=" + site.line());
    }

    /**
     * The value as it stands, unless it holds a character an unquoted value may not ({@code , = : "}, a newline)
     * or one that would make the name a pattern ({@code * ?}): then quoted. No API name and no Java class or
     * method name needs it (other JVM languages' method names might); exporters pass a quoted value on with its
     * quotes, so the names avoid them.
     */
    static String value(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (",=:\"*?\n".indexOf(raw.charAt(i)) >= 0) {
                return ObjectName.quote(raw);
            }
        }
        return raw;
    }
}
