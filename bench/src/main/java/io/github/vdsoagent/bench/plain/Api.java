package io.github.vdsoagent.bench.plain;

/** The time APIs the plain-code cases call, by the names the script and the JMH suite use. */
enum Api {
    NANO_TIME("nanoTime"),
    CURRENT_TIME_MILLIS("currentTimeMillis"),
    INSTANT_NOW("instantNow"),
    LOCAL_DATE_TIME_NOW("localDateTimeNow");

    final String label;

    Api(String label) {
        this.label = label;
    }

    static Api named(String label) {
        for (Api api : values()) {
            if (api.label.equals(label)) {
                return api;
            }
        }
        throw new IllegalArgumentException("unknown api " + label + ": nanoTime, currentTimeMillis, instantNow or"
                + " localDateTimeNow");
    }
}
