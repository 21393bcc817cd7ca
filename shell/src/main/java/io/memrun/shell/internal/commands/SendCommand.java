package io.memrun.shell.internal.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memrun.shell.internal.InvokeResult;
import io.memrun.shell.internal.ReplyPrinter;
import io.memrun.shell.internal.RequestFields;
import io.memrun.shell.internal.ShellContext;
import io.memrun.shell.internal.ShellContext.LastRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code send}: one keyed request, and who served it from where in how long. */
@Command(name = "send", header = "Send a keyed request; show result, worker, partition, cache hit/miss, timing.", description = {
        "Send a request to a service and show the result, the worker and partition that served it,",
        "whether its cache was hit, and where the time went (state tax = fetch + decode, vs compute)."},
        footer = {"", "Values that read as JSON (numbers, true, false, null, {...}, [...]) are sent as such;",
                "quote a value to send it as a string: user_id='42'. Dotted fields nest: query.op=sum.",
                "", "The time line splits the gateway's total: queue (waiting in Kafka for the worker),",
                "state tax (fetch + decode: what a warm cache saves), compute (the rest of the handler),",
                "transport (gateway and Kafka round trip outside those); client is what the shell measured.",
                "", "Examples:",
                "  send analytics-engine user_id=u1 dataset_id=sales-2026 s3_path=s3://datasets/sales-2026.csv query.op=sum query.column=amount",
                "  send analytics-engine {\"user_id\":\"u1\",\"dataset_id\":\"d7\",\"s3_path\":\"s3://datasets/d7.csv\"}"})
public final class SendCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "SERVICE", description = "The service to invoke.")
    String service;

    @Parameters(index = "1..*", paramLabel = "FIELD=VALUE", description = "Request fields, or a raw JSON object first.")
    List<String> fields = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long the platform waits for the reply (e.g. 500ms, 60s). Default: ${DEFAULT-VALUE}")
    Duration timeout;

    private final ShellContext ctx;

    public SendCommand(ShellContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        return send(ctx, new LastRequest(service, RequestFields.parse(fields), timeout));
    }

    /** Sends {@code request}, prints the outcome, and remembers it for {@code again}. */
    static int send(ShellContext ctx, LastRequest request) throws Exception {
        ctx.remember(request);
        byte[] body = JSON.writeValueAsBytes(request.body());
        InvokeResult r = ctx.gateway().invoke(request.service(), body, request.deadline());
        if (!r.ok()) {
            throw r.error();
        }
        ReplyPrinter.print(r, ctx.out());
        return 0;
    }

    /** The last request with {@code fields} applied on top. */
    static LastRequest amend(LastRequest last, List<String> fields) {
        ObjectNode body = last.body().deepCopy();
        fields.forEach(f -> RequestFields.set(body, f));
        return new LastRequest(last.service(), body, last.deadline());
    }
}
