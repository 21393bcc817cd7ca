package io.memrun.bench;

import io.memrun.runtime.service.ServiceArtifacts;
import io.memrun.runtime.json.Json;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.sdk.MemoryService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The user's own service and request, measured like the analytics example: the files they name
 * are uploaded to the run's object store, then the request is sent cold, warm-disk and
 * warm-memory through the gateway, and the handler is called once in-process to time its cache
 * layer.
 */
final class ServiceBench {
    private ServiceBench() {
    }

    static BenchReport.Service run(BenchInfra infra, BenchOptions.UserService user, BenchSize size, PrintWriter out)
            throws Exception {
        Json.mapper().readTree(user.requestJson()); // a malformed request fails here, with Jackson's message
        List<MemoryService> services = ServiceArtifacts.load(user.artifact(), infra.dir().resolve("service-build"));
        MemoryService svc = services.get(0);
        if (services.size() > 1) {
            out.println("  " + user.artifact() + " deploys " + services.size() + " services; measuring the first, " + svc.name());
        }
        try (ObjectStore store = infra.objectStore()) {
            for (Map.Entry<String, Path> e : user.sortedUploads()) {
                ObjectUri uri = ObjectUri.parse(e.getKey());
                store.ensureBucket(uri.bucket());
                store.upload(uri, e.getValue());
                out.println("  uploaded " + e.getValue() + " to " + uri);
            }
            ColdWarmBench.Result requests;
            try (OneWorkerPlatform p = OneWorkerPlatform.start(infra, svc)) {
                requests = ColdWarmBench.run(p, user.requestJson(), size.reps(), size.warmPerRep(), size.warmUpRequests(), out);
            }
            CacheLayerBench.Result layer = CacheLayerBench.run(svc, user.requestJson(), store,
                    infra.dir().resolve("service-cache-layer"), 200);
            return new BenchReport.Service(svc.name(), user.requestJson(), requests, layer);
        }
    }
}
