package io.memrun.shell.internal.commands;

import io.memrun.shell.internal.Formats;
import io.memrun.shell.internal.ServiceInfo;
import io.memrun.shell.internal.ShellContext;
import io.memrun.shell.internal.TextTable;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code services}: what is deployed. */
@Command(name = "services", header = "List deployed services.", description = "List the deployed services: sticky key, partitions, resources, revision.")
public final class ServicesCommand implements Callable<Integer> {
    private final ShellContext ctx;

    public ServicesCommand(ShellContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        List<ServiceInfo> services = ctx.services();
        if (services.isEmpty()) {
            ctx.out().println("no services deployed");
            return 0;
        }
        TextTable t = new TextTable("NAME", "STICKY KEY", "PARTITIONS", "MEMORY", "DISK", "MAX WORKERS", "CONCURRENCY", "REVISION");
        for (ServiceInfo s : services) {
            t.row(s.name(), s.stickyKey(), s.partitions(), Formats.bytes(s.memoryBytes()), Formats.bytes(s.diskBytes()),
                    s.maxWorkers(), s.concurrency(), s.revision());
        }
        t.print(ctx.out());
        return 0;
    }
}
