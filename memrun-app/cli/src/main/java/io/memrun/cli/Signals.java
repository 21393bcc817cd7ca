package io.memrun.cli;

import java.lang.reflect.Proxy;

/**
 * SIGTERM and SIGINT as a callback, so a long-running command can stop what it started and exit 0
 * instead of dying with 143 in a shutdown hook.
 *
 * <p>The JDK's only signal API is {@code sun.misc.Signal} (module {@code jdk.unsupported}). It is
 * reached reflectively because javac's "internal proprietary API" warning cannot be suppressed and
 * the build compiles with {@code -Werror}. Where the class or the signal is missing, the JVM's
 * default handling stays.
 */
final class Signals {
    private Signals() {
    }

    static void onTermination(Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object callback = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handler},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            action.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "memrun termination handler";
                    });
            for (String name : new String[] {"TERM", "INT"}) {
                try {
                    Object sig = signal.getConstructor(String.class).newInstance(name);
                    signal.getMethod("handle", signal, handler).invoke(null, sig, callback);
                } catch (ReflectiveOperationException | IllegalArgumentException e) {
                    // this signal is not available on this platform
                }
            }
        } catch (ReflectiveOperationException e) {
            // no sun.misc.Signal in this runtime
        }
    }
}
