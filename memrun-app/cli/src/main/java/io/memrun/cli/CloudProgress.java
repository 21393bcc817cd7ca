package io.memrun.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;

/** Follows a service until its workers serve the wanted revision, printing each change. */
final class CloudProgress {
    private CloudProgress() {
    }

    /**
     * @return true once {@code workers} workers serve {@code revision} and its rollout is done (or
     *     paused as a canary); false (with the reason printed) if the rollout was reverted or the
     *     service did not come up within {@code timeout}
     */
    static boolean await(SchedulerClient client, PrintWriter out, String service, int revision, int workers,
                         Duration timeout, long startNanos) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        String last = "";
        java.util.Set<String> seen = new java.util.HashSet<>();
        boolean first = true;
        while (System.nanoTime() < until) {
            JsonNode svc = client.serviceStatus(service, 50);
            if (svc.isMissingNode()) {
                out.println("the scheduler no longer knows " + service);
                return false;
            }
            JsonNode events = svc.path("events");
            for (int i = 0; i < events.size(); i++) {
                JsonNode e = events.get(i);
                String key = e.path("at").asText() + e.path("message").asText();
                // Events from before this deploy are history: show only the deploy's own, then what follows.
                if (seen.add(key) && (!first || i == events.size() - 1)) {
                    out.println("  " + e.path("message").asText());
                }
            }
            first = false;
            int serving = svc.path("serving").asInt();
            StringBuilder now = new StringBuilder();
            for (JsonNode s : svc.path("servers")) {
                now.append("  ").append(s.path("slot").asText()).append(' ').append(s.path("server").asText()).append(' ')
                        .append(s.path("status").asText()).append(", worker ").append(s.path("worker").asText()).append('\n');
            }
            String summary = String.format("%s: %d/%d serving revision %d%n%s", service, serving, workers, revision, now);
            if (!summary.equals(last)) {
                out.print(summary);
                out.flush();
                last = summary;
            }
            JsonNode rollout = svc.path("rollout");
            boolean ours = rollout.path("to_revision").asInt() == revision;
            String state = ours ? rollout.path("state").asText() : "";
            if (state.equals("reverted")) {
                out.printf("%s revision %d was reverted: %s%n  (memrun cloud status %s --events, memrun cloud logs %s)%n",
                        service, revision, rollout.path("reason").asText(), service, service);
                out.flush();
                return false;
            }
            if (state.equals("paused")) {
                out.printf("%s: canary serves revision %d on one slot after %.1f s; `memrun cloud promote %s` rolls out the"
                        + " rest%n", service, revision, (System.nanoTime() - startNanos) / 1e9, service);
                out.flush();
                return true;
            }
            boolean settled = state.isEmpty() || state.equals("done");
            if (settled && serving >= workers && svc.path("revision").asInt() == revision && countRevision(svc, revision) == workers) {
                out.printf("%s is up: %d worker(s) serving revision %d after %.1f s%n", service, workers, revision,
                        (System.nanoTime() - startNanos) / 1e9);
                out.flush();
                return true;
            }
            Thread.sleep(1000);
        }
        JsonNode svc = client.serviceStatus(service, 10);
        out.println(service + " did not come up within " + timeout.toSeconds() + " s; its last events:");
        for (JsonNode e : svc.path("events")) {
            out.println("  " + e.path("at").asText() + "  " + e.path("message").asText());
        }
        out.flush();
        return false;
    }

    private static int countRevision(JsonNode svc, int revision) {
        int n = 0;
        for (JsonNode s : svc.path("servers")) {
            if (s.path("revision").asInt() == revision && s.path("worker").asText().equals("ok")) {
                n++;
            }
        }
        return n;
    }
}
