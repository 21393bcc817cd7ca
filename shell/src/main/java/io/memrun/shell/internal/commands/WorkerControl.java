package io.memrun.shell.internal.commands;

import io.memrun.shell.internal.GatewayException;
import io.memrun.shell.internal.PlatformInfo;
import io.memrun.shell.internal.ShellContext;
import java.io.IOException;
import java.util.Optional;

/** Kill and restart of local workers: dev mode only, through {@code POST /v1/dev/workers/{id}/{action}}. */
final class WorkerControl {
    private WorkerControl() {
    }

    static int run(ShellContext ctx, String workerId, String action) throws IOException, InterruptedException {
        Optional<PlatformInfo> info = ctx.gateway().info();
        if (info.isPresent() && !info.get().dev()) {
            throw new IOException(action + " works on the local workers of memrun dev; " + ctx.gateway().base()
                    + " runs in " + info.get().mode() + " mode");
        }
        String status;
        try {
            status = ctx.gateway().devWorker(workerId, action);
        } catch (GatewayException e) {
            if (e.status() == 404 && "not found".equals(e.error())) {
                throw new IOException("the gateway at " + ctx.gateway().base() + " has no worker control"
                        + " (POST /v1/dev/workers/{id}/" + action + "); it needs a memrun dev that offers it", e);
            }
            throw e;
        }
        ctx.out().println(workerId + ": " + status);
        return 0;
    }
}
