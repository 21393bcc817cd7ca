package io.memrun.sdk.spi;

import io.memrun.sdk.MemoryService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * How the platform learns which services an artifact deploys. The runtime runs the artifact's
 * entry point inside {@link #capture}; every {@link MemoryService#deploy()} made on that thread
 * during the call is collected. Not for handler authors.
 */
public final class ServiceCapture {
    private static final ThreadLocal<List<MemoryService>> CURRENT = new ThreadLocal<>();

    private ServiceCapture() {
    }

    /**
     * Runs {@code entryPoint} and returns the services it deployed, in order.
     *
     * @throws Exception whatever the entry point throws
     */
    public static List<MemoryService> capture(Callable<?> entryPoint) throws Exception {
        List<MemoryService> previous = CURRENT.get();
        List<MemoryService> captured = new ArrayList<>();
        CURRENT.set(captured);
        try {
            entryPoint.call();
            return List.copyOf(captured);
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Called by {@link MemoryService#deploy()}. */
    public static void offer(MemoryService service) {
        List<MemoryService> captured = CURRENT.get();
        if (captured == null) {
            throw new IllegalStateException("no memrun runtime is loading this service: run it with"
                    + " `memrun dev <this project or jar>` (local) or `memrun cloud deploy` instead of plain java");
        }
        captured.add(service);
    }
}
