package io.github.vdsoagent.bench.apps;

/** The start-up figure's application: prints one line and exits. */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("Hello, world");
    }
}
