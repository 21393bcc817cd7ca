package io.memrun.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one {@code memrun bench} run does.
 *
 * @param size how big
 * @param outDir where {@code results.json} and {@code results.png} go
 * @param experiments which experiments run, in {@link Experiment} order
 * @param service the user's own service and request, for {@link Experiment#SERVICE}
 * @param redis a running Redis to compare against ({@code host:port}); empty to start
 *     {@code redis-server} from the PATH for the run, or skip the comparison if there is none
 * @param compare an earlier run's {@code results.json} to print this run's figures beside
 */
public record BenchOptions(BenchSize size, Path outDir, Set<Experiment> experiments, Optional<UserService> service,
                           Optional<String> redis, Optional<Path> compare) {
    public BenchOptions {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(outDir, "outDir");
        experiments = Set.copyOf(experiments);
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(compare, "compare");
        if (experiments.contains(Experiment.SERVICE) && service.isEmpty()) {
            throw new IllegalArgumentException("the service experiment needs --service-artifact and --request");
        }
    }

    /** Options without a comparison. */
    public BenchOptions(BenchSize size, Path outDir, Set<Experiment> experiments, Optional<UserService> service,
                        Optional<String> redis) {
        this(size, outDir, experiments, service, redis, Optional.empty());
    }

    /** Whether {@code e} runs. */
    public boolean runs(Experiment e) {
        return experiments.contains(e);
    }

    /**
     * The user's service for {@link Experiment#SERVICE}.
     *
     * @param artifact a jar, classes directory or Java sources, as {@code memrun dev} takes
     * @param requestJson the request body to send, cold and warm
     * @param uploads local files to put into the run's object store first, by {@code s3://} URI
     */
    public record UserService(Path artifact, String requestJson, Map<String, Path> uploads) {
        public UserService {
            Objects.requireNonNull(artifact, "artifact");
            Objects.requireNonNull(requestJson, "requestJson");
            uploads = Map.copyOf(uploads);
        }

        /** The uploads in a stable order. */
        List<Map.Entry<String, Path>> sortedUploads() {
            return uploads.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
        }
    }
}
