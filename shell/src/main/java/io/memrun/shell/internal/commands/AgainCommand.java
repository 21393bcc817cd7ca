package io.memrun.shell.internal.commands;

import io.memrun.shell.internal.ShellContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code again}: the last request once more, optionally with fields changed. */
@Command(name = "again", header = "Send the last request again, optionally with fields changed.", description = "Send the last request again (a warm key should now be a cache hit).",
        footer = {"", "Examples:", "  again", "  again dataset_id=d8     (the last request with one field changed)"})
public final class AgainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FIELD=VALUE", arity = "0..*", description = "Fields to change before sending.")
    List<String> fields = new ArrayList<>();

    private final ShellContext ctx;

    public AgainCommand(ShellContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        ShellContext.LastRequest last = ctx.last().orElseThrow(() -> new IOException("nothing to repeat yet: send a request first"));
        return SendCommand.send(ctx, SendCommand.amend(last, fields));
    }
}
