package io.memrun.bench;

/**
 * How big a benchmark run is. {@link #standard()} is the size the SPEC's figures refer to;
 * {@link #quick()} is a smoke run (smaller dataset, fewer repetitions); {@link #large()} adds the
 * 2 GiB cold-load variant of the state-tax experiment.
 *
 * @param name how the size is reported
 * @param csvBytes the analytics dataset's size (state tax, stateless baseline)
 * @param reps measured cold repetitions (each also gives one warm-disk and several warm-memory samples)
 * @param warmPerRep warm-memory requests measured per repetition
 * @param requestPathPerClient requests per client at one client in the request-path experiment
 * @param datasets datasets in the locality experiment
 * @param datasetBytes the size of each of them
 * @param localityRequests measured requests per routing scheme (after as many again to warm up)
 * @param peerBytes the object the peer experiment reads
 * @param peerReps reads of it per tier
 * @param concurrentCold concurrent requests for one cold key
 * @param devStarts launches of {@code memrun dev} timed to healthy
 */
public record BenchSize(String name, long csvBytes, int reps, int warmPerRep, int requestPathPerClient, int datasets,
                        int datasetBytes, int localityRequests, int peerBytes, int peerReps, int concurrentCold,
                        int devStarts, int warmUpRequests) {
    private static final long MIB = 1L << 20;

    /** The size the SPEC's targets are stated for: a 256 MiB CSV, 1,000 datasets, a 64 MiB object. */
    public static BenchSize standard() {
        return new BenchSize("default", 256 * MIB, 5, 5, 3000, 1000, 64 << 10, 20_000, 64 << 20, 10, 16, 3, 1_000);
    }

    /** A smoke run that stays well under two minutes: a 64 MiB CSV, fewer repetitions and requests. */
    public static BenchSize quick() {
        return new BenchSize("quick", 64 * MIB, 2, 3, 300, 1000, 16 << 10, 4_000, 64 << 20, 4, 16, 1, 100);
    }

    /** The default size, with the state-tax dataset at 2 GiB (the SPEC's cold-load target). */
    public static BenchSize large() {
        return new BenchSize("large", 2048 * MIB, 3, 5, 3000, 1000, 64 << 10, 20_000, 64 << 20, 10, 16, 3, 300);
    }

    /** The total bytes of the locality experiment's datasets. */
    public long localityBytes() {
        return (long) datasets * datasetBytes;
    }
}
