package io.memrun.dev.internal;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an in-process Kafka broker from ending the JVM.
 *
 * <p>On a fatal fault (a failed disk, a metadata error) Kafka calls {@link Exit#exit} or
 * {@link Exit#halt}, which by default end the process: right for a dedicated broker, wrong for
 * a broker embedded in {@code memrun dev}, where it would take the gateway and the workers down
 * with it and lose the error. While at least one embedded broker runs, both procedures are
 * replaced by ones that log the request and throw, so the fault surfaces in the Kafka thread
 * that hit it. Kafka's procedures are JVM-wide, hence the reference count: the defaults come
 * back when the last embedded broker closes.
 */
public final class KafkaExitGuard {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaExitGuard.class);
    private static int holders;

    private KafkaExitGuard() {
    }

    /** Installs the non-exiting procedures (if not already) and counts one more holder. */
    public static synchronized void acquire() {
        if (holders++ == 0) {
            Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
            Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
        }
    }

    /** Counts one holder less; the last one restores Kafka's default procedures. */
    public static synchronized void release() {
        if (holders == 0) {
            return;
        }
        if (--holders == 0) {
            Exit.resetExitProcedure();
            Exit.resetHaltProcedure();
        }
    }

    private static void refuse(String kind, int status, String message) {
        String text = "Embedded Kafka broker requested JVM " + kind + "(" + status + ")"
                + (message == null ? "" : ": " + message) + "; refused, the JVM keeps running";
        LOG.error(text);
        throw new IllegalStateException(text);
    }
}
