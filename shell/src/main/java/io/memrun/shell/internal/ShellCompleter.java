package io.memrun.shell.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: command names first; then, by command, service names, the request fields of
 * the chosen service ({@code user_id=}: its sticky-key fields, then the fields sent to it in this
 * session), bench options, worker ids, and local file names for {@code upload}.
 */
public final class ShellCompleter implements Completer {
    private static final Set<String> TAKES_SERVICE = Set.of("send", "bench", "workers");
    private static final Set<String> TAKES_FIELDS = Set.of("send", "bench");
    private static final List<String> BENCH_OPTIONS = List.of("-n", "-c", "--keys", "--dist", "--seed", "--timeout");

    private final ShellContext ctx;
    private final CommandDispatcher commands;
    private final Completer files = new Completers.FileNameCompleter();

    public ShellCompleter(ShellContext ctx, CommandDispatcher commands) {
        this.ctx = ctx;
        this.commands = commands;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        if (index == 0) {
            commands.names().forEach(n -> candidates.add(new Candidate(n)));
            return;
        }
        String command = words.get(0);
        if (index == 1 && TAKES_SERVICE.contains(command)) {
            ctx.servicesForCompletion().forEach(s -> candidates.add(new Candidate(s.name())));
        } else if (index == 1 && command.equals("help")) {
            commands.names().forEach(n -> candidates.add(new Candidate(n)));
        } else if (index == 1 && (command.equals("kill") || command.equals("restart"))) {
            workerIds().forEach(id -> candidates.add(new Candidate(id)));
        } else if (index == 1 && command.equals("upload")) {
            files.complete(reader, line, candidates);
        } else if (index >= 2 && TAKES_FIELDS.contains(command)) {
            fields(command, words, index, line.word(), candidates);
        } else if (index >= 1 && command.equals("again")) {
            ctx.last().ifPresent(last -> fieldCandidates(last.service(), words, candidates));
        }
    }

    private void fields(String command, List<String> words, int index, String word, List<Candidate> candidates) {
        if (command.equals("bench")) {
            String previous = words.get(index - 1);
            if (previous.equals("--dist")) {
                candidates.add(new Candidate("uniform"));
                candidates.add(new Candidate("zipf"));
                return;
            }
            if (BENCH_OPTIONS.contains(previous) && !previous.equals("--dist")) {
                return; // a number or duration: nothing sensible to offer
            }
            if (word.startsWith("-")) {
                BENCH_OPTIONS.forEach(o -> candidates.add(new Candidate(o)));
                return;
            }
        }
        fieldCandidates(words.get(1), words, candidates);
    }

    /** {@code field=} for each field not yet on the line; no trailing space, so the value follows. */
    private void fieldCandidates(String service, List<String> words, List<Candidate> candidates) {
        Set<String> present = new LinkedHashSet<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq > 0) {
                present.add(w.substring(0, eq));
            }
        }
        Set<String> offered = new LinkedHashSet<>();
        findService(service).ifPresent(s -> offered.addAll(s.stickyFields()));
        offered.addAll(ctx.fieldsSeen(service));
        for (String f : offered) {
            if (!present.contains(f)) {
                candidates.add(new Candidate(f + "=", f + "=", null, null, null, null, false));
            }
        }
    }

    private Optional<ServiceInfo> findService(String name) {
        return ctx.servicesForCompletion().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private List<String> workerIds() {
        List<String> ids = new ArrayList<>();
        for (ServiceInfo s : ctx.servicesForCompletion()) {
            try {
                ctx.gateway().workers(s.name()).forEach(w -> ids.add(w.id()));
            } catch (java.io.IOException e) {
                return ids; // completion stays silent; the command itself will report the problem
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ids;
            }
        }
        return ids;
    }
}
