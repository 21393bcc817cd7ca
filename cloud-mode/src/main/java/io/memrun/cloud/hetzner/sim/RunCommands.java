package io.memrun.cloud.hetzner.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code runcmd} commands the sim performs, on the server's filesystem: {@code mkdir [-p]},
 * {@code curl} (see {@link Curl}), {@code sha256sum -c FILE}, {@code sh -c "echo 'HEX  /path' |
 * sha256sum -c -"}, {@code sh -c "a && b"} of such commands, {@code chmod MODE paths},
 * {@code chown} (accepted, no effect), {@code true}, {@code echo}, and {@code systemctl}
 * ({@code daemon-reload}, {@code enable [--now]}, {@code disable}, {@code start}, {@code stop},
 * {@code restart}). Anything else is written to the console as ignored by the sim.
 */
final class RunCommands {
    private static final Pattern ECHO_SHA256 = Pattern.compile(
            "echo\\s+(['\"]?)([0-9a-fA-F]{64})\\s+\\*?(\\S+?)\\1\\s*\\|\\s*sha256sum\\s+(?:-c|--check)(?:\\s+-)?(?:\\s+--(?:status|quiet|strict))*\\s*");

    private final FsRoot fs;
    private final ConsoleLog console;
    private final Curl curl;
    private final Units units;

    RunCommands(FsRoot fs, ConsoleLog console, Curl curl, Units units) {
        this.fs = fs;
        this.console = console;
        this.curl = curl;
        this.units = units;
    }

    void run(List<String> argv) throws BootFailure, InterruptedException {
        if (argv.isEmpty()) {
            return;
        }
        try {
            switch (argv.getFirst().replaceFirst("^.*/", "")) {
                case "mkdir" -> mkdir(argv);
                case "curl" -> curl.run(argv);
                case "sh", "bash" -> shell(argv);
                case "sha256sum" -> sha256sumFile(argv);
                case "systemctl" -> systemctl(argv);
                case "chmod" -> chmod(argv);
                case "chown", "true", ":" -> console.line(String.join(" ", argv) + " (accepted, no effect in the sim)");
                case "echo" -> console.line(String.join(" ", argv.subList(1, argv.size())));
                default -> console.line("runcmd " + argv + " ignored by the sim");
            }
        } catch (IOException | RuntimeException e) {
            throw new BootFailure(argv.getFirst() + ": " + e.getMessage());
        }
    }

    private void mkdir(List<String> argv) throws IOException {
        for (String a : argv.subList(1, argv.size())) {
            if (!a.startsWith("-")) {
                Files.createDirectories(fs.resolve(a));
            }
        }
    }

    private void shell(List<String> argv) throws BootFailure, InterruptedException {
        if (argv.size() < 3 || !argv.get(1).equals("-c")) {
            console.line("runcmd " + argv + " ignored by the sim (only sh -c SCRIPT is understood)");
            return;
        }
        for (String command : argv.get(2).split("&&|;|\n")) {
            String c = command.strip();
            Matcher m = ECHO_SHA256.matcher(c);
            if (m.matches()) {
                checkSha256(m.group(2), m.group(3));
            } else if (c.matches(".*[|<>`]|.*\\$\\(.*")) {
                console.line("sh -c '" + c + "' ignored by the sim (pipes, redirects and substitutions are not run)");
            } else if (!c.isEmpty()) {
                run(ShellWords.split(c));
            }
        }
    }

    private void sha256sumFile(List<String> argv) throws IOException, BootFailure {
        List<String> files = argv.subList(1, argv.size()).stream().filter(a -> !a.startsWith("-")).toList();
        if (!argv.contains("-c") && !argv.contains("--check") || files.isEmpty()) {
            console.line("runcmd " + argv + " ignored by the sim (only sha256sum -c FILE is understood)");
            return;
        }
        for (String line : Files.readAllLines(fs.resolve(files.getFirst()), StandardCharsets.UTF_8)) {
            String[] parts = line.strip().split("\\s+\\*?", 2);
            if (parts.length == 2) {
                checkSha256(parts[0], parts[1]);
            }
        }
    }

    private void checkSha256(String expectedHex, String vmPath) throws BootFailure {
        Path file = fs.resolve(vmPath);
        String actual;
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
            actual = HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new BootFailure("sha256sum: " + vmPath + ": No such file or directory");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!actual.equals(expectedHex.toLowerCase(Locale.ROOT))) {
            throw new BootFailure("sha256sum: " + vmPath + ": FAILED (expected " + expectedHex + ", was " + actual + ")");
        }
        console.line("sha256sum: " + vmPath + ": OK");
    }

    private void chmod(List<String> argv) throws IOException {
        List<String> args = argv.subList(1, argv.size()).stream().filter(a -> !a.startsWith("-")).toList();
        if (args.size() < 2 || !args.getFirst().matches("[0-7]{3,4}")) {
            console.line("runcmd " + argv + " ignored by the sim (only chmod OCTAL PATH... is understood)");
            return;
        }
        for (String p : args.subList(1, args.size())) {
            FileModes.apply(fs.resolve(p), args.getFirst());
        }
    }

    private void systemctl(List<String> argv) throws BootFailure {
        List<String> words = argv.subList(1, argv.size()).stream().filter(a -> !a.startsWith("-")).toList();
        boolean now = argv.contains("--now");
        if (words.isEmpty()) {
            throw new BootFailure("systemctl: no command");
        }
        List<String> names = words.subList(1, words.size());
        try {
            switch (words.getFirst()) {
                case "daemon-reload" -> console.line("systemctl daemon-reload (no effect in the sim)");
                case "enable" -> {
                    for (String n : names) {
                        units.enable(n);
                        if (now) {
                            units.start(n);
                        }
                    }
                }
                case "disable" -> {
                    for (String n : names) {
                        units.disable(n);
                        if (now) {
                            units.stop(n);
                        }
                    }
                }
                case "start" -> {
                    for (String n : names) {
                        units.start(n);
                    }
                }
                case "restart" -> {
                    for (String n : names) {
                        units.restart(n);
                    }
                }
                case "stop" -> {
                    for (String n : names) {
                        units.stop(n);
                    }
                }
                default -> console.line("runcmd " + argv + " ignored by the sim");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BootFailure("systemctl: interrupted");
        } catch (Exception e) {
            throw new BootFailure("systemctl " + words.getFirst() + ": " + e.getMessage());
        }
    }
}
