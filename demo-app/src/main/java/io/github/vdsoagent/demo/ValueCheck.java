package io.github.vdsoagent.demo;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Date;

/**
 * {@code --values}: each wall-clock API's value, and nanoTime's, held against the precise clock read just before and
 * just after it by reflection, which the agent does not rewrite. Under {@code coarse=} it shows how far a coarse
 * value lags (at most one tick), that it is never ahead, and that a site's values never go back; without the agent,
 * or with precise sites, the lag stays at the reads' own cost.
 */
final class ValueCheck {
    static final int READS = 100_000;

    private ValueCheck() {
    }

    /** One API's read at a site of its own, and the precise clock it is held against, in the same unit. */
    private abstract static class Check {
        final String name;
        /** How many ns one unit of the values is: 1,000,000 for milliseconds, 1 for nanoseconds. */
        final double unitNanos;
        /** The most a value lagged the precise read made just before it (0 when it never did). */
        long lagMax;
        long ahead;
        long backwards;

        Check(String name, double unitNanos) {
            this.name = name;
            this.unitNanos = unitNanos;
        }

        abstract long site();

        abstract long precise() throws ReflectiveOperationException;

        void once(long[] last) throws ReflectiveOperationException {
            long before = precise();
            long value = site();
            long after = precise();
            lagMax = Math.max(lagMax, before - value);
            ahead += value > after ? 1 : 0;
            backwards += value < last[0] ? 1 : 0;
            last[0] = value;
        }

        String line() {
            return "  " + pad(name, 36) + " at most " + amount(lagMax) + " behind the precise read before it;"
                    + " later than the precise read after it: " + ahead + "; earlier than its previous value: "
                    + backwards;
        }

        private String amount(long units) {
            double ms = units * unitNanos / 1e6;
            return (Math.round(ms * 1000) / 1000.0) + " ms";
        }
    }

    private static final Method MILLIS = method(System.class, "currentTimeMillis");
    private static final Method NANOS = method(System.class, "nanoTime");
    private static final Method INSTANT = method(Instant.class, "now");

    private static Method method(Class<?> owner, String name) {
        try {
            return owner.getMethod(name);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    static void print(PrintStream out) throws ReflectiveOperationException {
        Check[] checks = {
            new Check("java.lang.System.currentTimeMillis", 1e6) {
                @Override
                long site() {
                    return System.currentTimeMillis();
                }

                @Override
                long precise() throws ReflectiveOperationException {
                    return (long) MILLIS.invoke(null);
                }
            },
            new Check("new java.util.Date()", 1e6) {
                @Override
                long site() {
                    return new Date().getTime();
                }

                @Override
                long precise() throws ReflectiveOperationException {
                    return (long) MILLIS.invoke(null);
                }
            },
            new Check("java.time.Instant.now", 1) {
                @Override
                long site() {
                    Instant now = Instant.now();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                }

                @Override
                long precise() throws ReflectiveOperationException {
                    Instant now = (Instant) INSTANT.invoke(null);
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                }
            },
            new Check("java.lang.System.nanoTime", 1) {
                @Override
                long site() {
                    return System.nanoTime();
                }

                @Override
                long precise() throws ReflectiveOperationException {
                    return (long) NANOS.invoke(null);
                }
            },
        };
        out.println();
        out.println("values against the precise clock, read by reflection (which the agent does not rewrite) just"
                + " before and after each of " + READS + " reads:");
        for (Check check : checks) {
            long[] last = {Long.MIN_VALUE};
            for (int i = 0; i < READS; i++) {
                check.once(last);
            }
            out.println(check.line());
        }
    }

    private static String pad(String text, int width) {
        StringBuilder s = new StringBuilder(text);
        while (s.length() < width) {
            s.append(' ');
        }
        return s.toString();
    }
}
