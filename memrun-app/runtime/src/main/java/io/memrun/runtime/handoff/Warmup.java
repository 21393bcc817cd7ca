package io.memrun.runtime.handoff;

import io.memrun.runtime.cache.CacheLease;
import io.memrun.runtime.cache.DiskCache;
import io.memrun.runtime.cache.HotObject;
import io.memrun.runtime.objectstore.ObjectUri;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a {@link HotSet} into a worker's disk cache, hottest object first, on one background
 * thread, never faster than a bandwidth budget on average (so a successor warming up does not
 * starve the store or the workers still serving). Objects already cached cost nothing; one that is
 * gone or fails is counted and skipped. Progress is readable at any time, for heartbeats.
 */
public final class Warmup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

    /**
     * How far a warmup is.
     *
     * @param objectsDone objects fetched or found cached
     * @param objectsTotal objects in the hot set
     * @param bytesDone their bytes
     * @param bytesTotal the hot set's bytes
     * @param failed objects that could not be fetched (gone, or the store failed)
     * @param finished whether it ran through the whole set (or was stopped)
     */
    public record Progress(int objectsDone, int objectsTotal, long bytesDone, long bytesTotal, int failed,
                           boolean finished) {
        /** Nothing to fetch. */
        public static final Progress NONE = new Progress(0, 0, 0, 0, 0, true);

        /** The share of the hot set's bytes on disk now, 0 to 1 (1 for an empty set). */
        public double fraction() {
            return bytesTotal == 0 ? 1.0 : Math.min(1.0, bytesDone / (double) bytesTotal);
        }
    }

    private final DiskCache cache;
    private final HotSet set;
    private final long bytesPerSecond;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread thread;
    private volatile Progress progress;

    private Warmup(DiskCache cache, HotSet set, long bytesPerSecond) {
        this.cache = cache;
        this.set = set;
        this.bytesPerSecond = bytesPerSecond;
        this.progress = new Progress(0, set.objects().size(), 0, set.bytes(), 0, false);
        this.thread = Thread.ofVirtual().name("memrun-warmup").unstarted(this::run);
    }

    /**
     * Starts fetching {@code set} into {@code cache}.
     *
     * @param bytesPerSecond the average rate not to exceed; 0 for no limit
     */
    public static Warmup start(DiskCache cache, HotSet set, long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytesPerSecond must be 0 (no limit) or more, was " + bytesPerSecond);
        }
        Warmup w = new Warmup(cache, set, bytesPerSecond);
        w.thread.start();
        return w;
    }

    /** How far it is now. */
    public Progress progress() {
        return progress;
    }

    /** Waits up to {@code timeout} for it to finish; true if it did. */
    public boolean await(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        long started = System.nanoTime();
        int objects = 0;
        int failed = 0;
        long bytes = 0;
        long fetchedBytes = 0;
        try {
            for (HotObject o : set.objects()) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                try (CacheLease lease = cache.acquire(ObjectUri.parse(o.uri()))) {
                    objects++;
                    bytes += o.size();
                    if (!lease.hit()) {
                        fetchedBytes += o.size();
                    }
                    fetchedBytes += adoptDecoded(lease, set.decodedOf(o.uri()));
                } catch (IOException | IllegalArgumentException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        break;
                    }
                    failed++;
                    LOG.debug("warmup: {} skipped: {}", o.uri(), e.getMessage());
                }
                progress = new Progress(objects, set.objects().size(), bytes, set.bytes(), failed, false);
                pace(started, fetchedBytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("warmup stopped: {}", e.toString());
        } finally {
            progress = new Progress(objects, set.objects().size(), bytes, set.bytes(), failed, true);
            done.countDown();
        }
    }

    /** Adopts the predecessor's decoded files of one object; the bytes fetched. A bad copy is skipped. */
    private long adoptDecoded(CacheLease lease, List<HotSet.DecodedCopy> copies) {
        long fetched = 0;
        for (HotSet.DecodedCopy d : copies) {
            try {
                fetched += cache.adoptDecoded(lease, d.form(), ObjectUri.parse(d.copy()));
            } catch (IOException | IllegalArgumentException e) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                LOG.info("warmup: the decoded file {} of {} was not adopted ({}); it is decoded on first use", d.form(),
                        d.uri(), e.getMessage());
            }
        }
        return fetched;
    }

    /** Sleeps until {@code fetchedBytes} is no more than the budget allows since {@code started}. */
    private void pace(long started, long fetchedBytes) throws InterruptedException {
        if (bytesPerSecond == 0) {
            return;
        }
        long dueNanos = (long) (fetchedBytes / (double) bytesPerSecond * 1e9);
        long ahead = dueNanos - (System.nanoTime() - started);
        if (ahead > 0) {
            TimeUnit.NANOSECONDS.sleep(ahead);
        }
    }

    /** Stops fetching (what is on disk stays) and waits briefly for the thread. */
    @Override
    public void close() {
        thread.interrupt();
        try {
            done.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
