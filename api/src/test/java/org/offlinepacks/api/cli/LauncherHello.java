package org.offlinepacks.api.cli;

/** The main class of the tiny jar {@link LauncherTest} starts through the launcher. */
public final class LauncherHello {
    private LauncherHello() {}

    public static void main(String[] args) {
        System.out.println("hello from the jar");
    }
}
