package io.github.vdsoagent.bench.apps;

/**
 * How long an application's first time call takes under the agent: sleeps the given ms (an application's first time
 * call seldom comes at the very start of main), then reads {@code System.nanoTime()} twice in a row and prints the
 * difference in microseconds. Under the agent the first read's counting, which the second read's value follows, is in
 * it. Run it repeatedly, with and without the agent: one run measures one first call, e.g.
 * {@code for i in $(seq 15); do java -javaagent:agent/target/vdso-agent.jar=report=none -cp bench/target/classes
 * io.github.vdsoagent.bench.apps.FirstCall 200; done | sort -n} and take the middle line.
 */
public final class FirstCall {
    private FirstCall() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.parseLong(args[0]));
        long first = System.nanoTime();
        long second = System.nanoTime();
        System.out.println((second - first) / 1000);
    }
}
