package io.memrun.shell.internal.commands;

import io.memrun.shell.internal.Formats;
import io.memrun.shell.internal.ServiceInfo;
import io.memrun.shell.internal.ShellContext;
import io.memrun.shell.internal.TextTable;
import io.memrun.shell.internal.WorkerInfo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code workers}: who serves which partitions, and how warm they are. */
@Command(name = "workers", header = "List a service's workers: partitions, cache stats, last heartbeat.", description = {"List a service's workers: status, partitions, cache hits/misses, bytes on disk,",
        "last heartbeat. With no SERVICE, the workers of every service."})
public final class WorkersCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "SERVICE", description = "The service.")
    String service;

    private final ShellContext ctx;

    public WorkersCommand(ShellContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        List<String> names = service != null ? List.of(service) : ctx.services().stream().map(ServiceInfo::name).toList();
        if (names.isEmpty()) {
            ctx.out().println("no services deployed");
        }
        for (String name : names) {
            List<WorkerInfo> workers = ctx.gateway().workers(name);
            if (service == null) {
                ctx.out().println(name + ":");
            }
            if (workers.isEmpty()) {
                ctx.out().println("no workers have reported for " + name + " yet (they report every heartbeat interval)");
                continue;
            }
            TextTable t = new TextTable("ID", "STATUS", "PARTITIONS", "IN FLIGHT", "HITS/MISSES", "MEM HITS/MISSES",
                    "ON DISK", "ITEMS", "EVICTED", "HEARTBEAT");
            for (WorkerInfo w : workers) {
                t.row(w.id(), w.status(), Formats.abbreviate(Formats.ranges(w.partitions()), 24) + " (" + w.partitions().size() + ")", w.inFlight(),
                        w.hits() + "/" + w.misses(), w.memoryHits() + "/" + w.memoryMisses(), Formats.bytes(w.bytesOnDisk()),
                        w.items(), w.evictions(), Formats.ago(w.secondsSinceHeartbeat()));
            }
            t.print(ctx.out());
        }
        return 0;
    }
}
