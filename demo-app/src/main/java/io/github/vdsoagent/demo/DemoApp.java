package io.github.vdsoagent.demo;

public final class DemoApp {
    public static void main(String[] args) {
        System.out.println(System.nanoTime());
    }
}
