package io.github.vdsoagent.bench.plain;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.function.LongSupplier;

/**
 * Many call sites, as the demo app and most applications have them: {@link #SITES} per API, half in lambdas and
 * half in anonymous classes, called in turn through one interface call site that sees all of them (megamorphic,
 * so nothing is inlined across it, with and without the agent alike). Under the agent each is its own counted site.
 *
 * <p>Usage: {@code ManySites API [ROUNDS [CALLS [WARMUP_MS]]]}
 */
public final class ManySites {
    static final int SITES = 8;

    private ManySites() {
    }

    public static void main(String[] args) {
        Rounds rounds = new Rounds("sites", Settings.parse(args));
        LongSupplier[] sites = sites(rounds.api());
        long calls = rounds.calls();
        long sink = 0;
        do {
            rounds.begin();
            for (long i = 0; i < calls; i++) {
                sink += sites[(int) i & (SITES - 1)].getAsLong();
            }
        } while (rounds.end());
        rounds.report(sink);
    }

    static LongSupplier[] sites(Api api) {
        switch (api) {
            case NANO_TIME:
                return nanoTimeSites();
            case CURRENT_TIME_MILLIS:
                return currentTimeMillisSites();
            case INSTANT_NOW:
                return instantNowSites();
            case LOCAL_DATE_TIME_NOW:
                return localDateTimeNowSites();
            default:
                throw new AssertionError(api);
        }
    }

    static LongSupplier[] nanoTimeSites() {
        return new LongSupplier[]{
            () -> System.nanoTime(),
            new LongSupplier() {
                @Override
                public long getAsLong() {
                    return System.nanoTime();
                }
            },
            () -> System.nanoTime(),
            new LongSupplier() {
                @Override
                public long getAsLong() {
                    return System.nanoTime();
                }
            },
            () -> System.nanoTime(),
            new LongSupplier() {
                @Override
                public long getAsLong() {
                    return System.nanoTime();
                }
            },
            () -> System.nanoTime(),
            new LongSupplier() {
                @Override
                public long getAsLong() {
                    return System.nanoTime();
                }
            }
        };
    }

    static LongSupplier[] currentTimeMillisSites() {
        return new LongSupplier[]{
            () -> System.currentTimeMillis(),
            new LongSupplier() {
                @Override
                public long getAsLong() {
                    return System.currentTimeMillis();
                }
            },
            () -> System.currentTimeMillis(),
            new LongSupplier() {
                @Override
                public long getAsLong() {
                    return System.currentTimeMillis();
                }
            },
            () -> System.currentTimeMillis(),
            new LongSupplier() {
                @Override
                public long getAsLong() {
                    return System.currentTimeMillis();
                }
            },
            () -> System.currentTimeMillis(),
            new LongSupplier() {
                @Override
                public long getAsLong() {
                    return System.currentTimeMillis();
                }
            }
        };
    }

    static LongSupplier[] instantNowSites() {
        return new LongSupplier[]{
            () -> Instant.now().hashCode(),
            new LongSupplier() {
                @Override
                public long getAsLong() {
                    return Instant.now().hashCode();
                }
            },
            () -> Instant.now().hashCode(),
            new LongSupplier() {
                @Override
                public long getAsLong() {
                    return Instant.now().hashCode();
                }
            },
            () -> Instant.now().hashCode(),
            new LongSupplier() {
                @Override
                public long getAsLong() {
                    return Instant.now().hashCode();
                }
            },
            () -> Instant.now().hashCode(),
            new LongSupplier() {
                @Override
                public long getAsLong() {
                    return Instant.now().hashCode();
                }
            }
        };
    }

    static LongSupplier[] localDateTimeNowSites() {
        return new LongSupplier[]{
            () -> LocalDateTime.now().hashCode(),
            new LongSupplier() {
                @Override
                public long getAsLong() {
                    return LocalDateTime.now().hashCode();
                }
            },
            () -> LocalDateTime.now().hashCode(),
            new LongSupplier() {
                @Override
                public long getAsLong() {
                    return LocalDateTime.now().hashCode();
                }
            },
            () -> LocalDateTime.now().hashCode(),
            new LongSupplier() {
                @Override
                public long getAsLong() {
                    return LocalDateTime.now().hashCode();
                }
            },
            () -> LocalDateTime.now().hashCode(),
            new LongSupplier() {
                @Override
                public long getAsLong() {
                    return LocalDateTime.now().hashCode();
                }
            }
        };
    }
}
