package io.memrun.cloud.hetzner.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a systemd service unit the sim honours: {@code [Service]} {@code ExecStart},
 * {@code Environment}, {@code EnvironmentFile}, {@code WorkingDirectory}, {@code Restart}
 * ({@code no}, {@code on-failure}, {@code always}, {@code on-success}), {@code RestartSec},
 * {@code KillSignal} and {@code TimeoutStopSec}, with systemd's defaults (restart after 100 ms,
 * SIGTERM, 90 s to stop). Other keys are accepted and have no effect.
 *
 * @param execStart the command's words, prefixes ({@code -@:+!}) removed, variables not yet expanded
 * @param environment {@code Environment=} assignments in order
 * @param environmentFiles {@code EnvironmentFile=} paths; a leading {@code -} marks an optional one
 * @param workingDirectory empty for none
 */
record SystemdUnit(String name, List<String> execStart, Map<String, String> environment,
                   List<String> environmentFiles, String workingDirectory, Restart restart, Duration restartSec,
                   String killSignal, Duration timeoutStopSec) {
    /** When a unit's process is started again after it exits. */
    enum Restart {
        NO, ON_FAILURE, ON_SUCCESS, ALWAYS;

        boolean after(int exitCode) {
            return switch (this) {
                case NO -> false;
                case ON_FAILURE -> exitCode != 0;
                case ON_SUCCESS -> exitCode == 0;
                case ALWAYS -> true;
            };
        }
    }

    private static final Pattern SPAN = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    /** @throws IllegalArgumentException if the unit has no {@code ExecStart} or a value cannot be read */
    static SystemdUnit parse(String name, String text) {
        String section = "";
        String execLine = "";
        Map<String, String> env = new LinkedHashMap<>();
        List<String> envFiles = new ArrayList<>();
        String workDir = "";
        Restart restart = Restart.NO;
        Duration restartSec = Duration.ofMillis(100);
        String killSignal = "SIGTERM";
        Duration timeoutStop = Duration.ofSeconds(90);
        for (String line : text.replace("\\\n", " ").split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            if (l.startsWith("[") && l.endsWith("]")) {
                section = l.substring(1, l.length() - 1);
                continue;
            }
            int eq = l.indexOf('=');
            if (eq < 0 || !section.equals("Service")) {
                continue;
            }
            String key = l.substring(0, eq).strip();
            String value = l.substring(eq + 1).strip();
            switch (key) {
                case "ExecStart" -> execLine = value;
                case "Environment" -> ShellWords.split(value).forEach(a -> assign(a, env));
                case "EnvironmentFile" -> envFiles.add(value);
                case "WorkingDirectory" -> workDir = value;
                case "Restart" -> restart = restart(value);
                case "RestartSec" -> restartSec = span(value);
                case "KillSignal" -> killSignal = value.startsWith("SIG") ? value : "SIG" + value;
                case "TimeoutStopSec" -> timeoutStop = span(value);
                default -> {
                    // accepted, no effect in the sim
                }
            }
        }
        List<String> exec = ShellWords.split(execLine.replaceFirst("^[-@:+!]+", ""));
        if (exec.isEmpty()) {
            throw new IllegalArgumentException(name + " has no ExecStart in [Service]");
        }
        return new SystemdUnit(name, List.copyOf(exec), Map.copyOf(env), List.copyOf(envFiles), workDir, restart,
                restartSec, killSignal, timeoutStop);
    }

    /** {@code word} with {@code ${VAR}} and {@code $VAR} replaced from {@code env} (unknown: empty). */
    static String expand(String word, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(word);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String var = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(var, "")));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Reads {@code KEY=VALUE} into {@code env}; lines without {@code =} are ignored, as systemd does. */
    static void assign(String assignment, Map<String, String> env) {
        int eq = assignment.indexOf('=');
        if (eq > 0) {
            env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
    }

    /** A systemd time span ({@code 5}, {@code 5s}, {@code 500ms}, {@code 1min 30s}, {@code infinity}). */
    static Duration span(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("infinity")) {
            return Duration.ofDays(365);
        }
        Matcher m = SPAN.matcher(v);
        long nanos = 0;
        int end = 0;
        while (m.find()) {
            if (!v.substring(end, m.start()).isBlank()) {
                break;
            }
            nanos += (long) (Double.parseDouble(m.group(1)) * unitNanos(m.group(2), value));
            end = m.end();
        }
        if (end == 0 || end != v.length()) {
            throw new IllegalArgumentException("not a time span: " + value);
        }
        return Duration.ofNanos(nanos);
    }

    private static double unitNanos(String unit, String value) {
        return switch (unit) {
            case "", "s", "sec", "second", "seconds" -> 1e9;
            case "ms", "msec" -> 1e6;
            case "us", "usec" -> 1e3;
            case "m", "min", "minute", "minutes" -> 60e9;
            case "h", "hr", "hour", "hours" -> 3600e9;
            default -> throw new IllegalArgumentException("unknown time unit '" + unit + "' in " + value);
        };
    }

    private static Restart restart(String value) {
        return switch (value) {
            case "no" -> Restart.NO;
            case "on-failure", "on-abnormal", "on-abort", "on-watchdog" -> Restart.ON_FAILURE;
            case "on-success" -> Restart.ON_SUCCESS;
            case "always" -> Restart.ALWAYS;
            default -> throw new IllegalArgumentException("unknown Restart=" + value);
        };
    }
}
