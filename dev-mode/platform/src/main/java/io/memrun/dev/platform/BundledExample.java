package io.memrun.dev.platform;

import io.memrun.sdk.MemoryService;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * The analytics example that ships inside the memrun jar, which {@code memrun dev} runs when given
 * no service. Found by name so the runtime does not depend on an example at compile time.
 */
public final class BundledExample {
    /** Where the sample dataset is seeded. */
    public static final String SAMPLE_URI = "s3://datasets/sales-2026.csv";
    private static final String SERVICE_CLASS = "io.memrun.examples.analytics.AnalyticsService";
    private static final String SAMPLE_CLASS = "io.memrun.examples.analytics.SampleData";

    private final MemoryService service;
    private final byte[] sampleCsv;
    private final String sampleRequest;

    private BundledExample(MemoryService service, byte[] sampleCsv, String sampleRequest) {
        this.service = service;
        this.sampleCsv = sampleCsv;
        this.sampleRequest = sampleRequest;
    }

    /** The example, if this build includes it. */
    public static Optional<BundledExample> find() {
        try {
            ClassLoader cl = BundledExample.class.getClassLoader();
            Class<?> svc = Class.forName(SERVICE_CLASS, true, cl);
            Class<?> sample = Class.forName(SAMPLE_CLASS, true, cl);
            MemoryService service = (MemoryService) svc.getMethod("service").invoke(null);
            byte[] csv = (byte[]) sample.getMethod("sampleCsv").invoke(null);
            Method q = sample.getMethod("sampleQueryJson", String.class);
            return Optional.of(new BundledExample(service, csv, (String) q.invoke(null, SAMPLE_URI)));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the bundled example is broken: " + e, e);
        }
    }

    public MemoryService service() {
        return service;
    }

    public byte[] sampleCsv() {
        return sampleCsv;
    }

    /** A request body that queries the sample dataset. */
    public String sampleRequest() {
        return sampleRequest;
    }
}
