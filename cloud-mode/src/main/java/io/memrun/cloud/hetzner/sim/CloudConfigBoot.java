package io.memrun.cloud.hetzner.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Performs a server's {@code #cloud-config} on first boot, in cloud-init's order: {@code write_files}
 * (those without {@code defer}), then the deferred ones, then {@code runcmd}. {@code write_files}
 * honours {@code path}, {@code content}, {@code encoding} ({@code text}, {@code b64}/{@code base64},
 * {@code gz+b64}), {@code permissions} (octal string) and {@code append}; {@code owner} is accepted.
 * A {@code runcmd} entry that is a string runs as {@code sh -c STRING} (as cloud-init's script would).
 * {@code package_update}, {@code packages} and {@code users} are accepted with no effect (the sim
 * runs its own java); every other key is logged to the console as ignored by the sim.
 *
 * <p>Stricter than cloud-init in one way: the first failing {@code runcmd} step ends the boot (as
 * with {@code set -e}), so a jar whose checksum does not match is never started.
 */
final class CloudConfigBoot {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> NO_EFFECT = Set.of("package_update", "package_upgrade", "packages", "users");
    private static final Set<String> PERFORMED = Set.of("write_files", "runcmd");

    private final FsRoot fs;
    private final ConsoleLog console;
    private final RunCommands commands;

    CloudConfigBoot(FsRoot fs, ConsoleLog console, RunCommands commands) {
        this.fs = fs;
        this.console = console;
        this.commands = commands;
    }

    void run(String userData) throws BootFailure, InterruptedException {
        if (userData.isEmpty()) {
            console.line("no user-data");
            return;
        }
        if (!userData.startsWith("#cloud-config")) {
            String first = userData.lines().findFirst().orElse("");
            console.line("user-data starting '" + first + "' is not #cloud-config: ignored by the sim");
            return;
        }
        JsonNode config;
        try {
            config = YAML.readTree(userData);
        } catch (IOException e) {
            throw new BootFailure("cloud-config is not valid YAML: " + e.getMessage());
        }
        if (config == null || config.isMissingNode() || config.isNull()) {
            console.line("empty cloud-config");
            return;
        }
        if (!config.isObject()) {
            throw new BootFailure("cloud-config must be a mapping");
        }
        for (String key : (Iterable<String>) config::fieldNames) {
            if (NO_EFFECT.contains(key)) {
                console.line("cloud-config " + key + ": accepted, no effect in the sim");
            } else if (!PERFORMED.contains(key)) {
                console.line("cloud-config " + key + ": ignored by the sim");
            }
        }
        JsonNode files = config.path("write_files");
        writeFiles(files, false);
        writeFiles(files, true);
        JsonNode runcmd = config.path("runcmd");
        int step = 0;
        for (JsonNode entry : runcmd) {
            step++;
            List<String> argv = argv(entry, step);
            console.line("runcmd[" + step + "]: " + redact(argv));
            try {
                commands.run(argv);
            } catch (BootFailure e) {
                throw new BootFailure("runcmd[" + step + "] failed: " + e.getMessage());
            }
        }
        console.line("cloud-init finished");
    }

    private void writeFiles(JsonNode files, boolean deferred) throws BootFailure {
        for (JsonNode f : files) {
            if (f.path("defer").asBoolean(false) != deferred) {
                continue;
            }
            String path = f.path("path").asText("");
            if (!path.startsWith("/")) {
                throw new BootFailure("write_files: path must be absolute, was '" + path + "'");
            }
            try {
                byte[] content = content(f);
                Path target = fs.resolve(path);
                Files.createDirectories(target.getParent());
                if (f.path("append").asBoolean(false)) {
                    Files.write(target, content, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } else {
                    Files.write(target, content);
                }
                if (f.hasNonNull("permissions")) {
                    FileModes.apply(target, f.get("permissions").asText());
                }
                console.line("write_files: " + path + " (" + content.length + " bytes)");
            } catch (IOException | IllegalArgumentException e) {
                throw new BootFailure("write_files " + path + ": " + e.getMessage());
            }
        }
    }

    private static byte[] content(JsonNode f) throws IOException {
        String text = f.path("content").asText("");
        return switch (f.path("encoding").asText("text").toLowerCase(java.util.Locale.ROOT)) {
            case "text", "" -> text.getBytes(StandardCharsets.UTF_8);
            case "b64", "base64" -> Base64.getMimeDecoder().decode(text);
            case "gz+b64", "gzip+base64", "gz+base64", "gzip+b64" -> {
                try (var in = new GZIPInputStream(new java.io.ByteArrayInputStream(Base64.getMimeDecoder().decode(text)))) {
                    yield in.readAllBytes();
                }
            }
            default -> throw new IllegalArgumentException("unknown encoding " + f.path("encoding").asText());
        };
    }

    private static List<String> argv(JsonNode entry, int step) throws BootFailure {
        if (entry.isTextual()) {
            return List.of("sh", "-c", entry.asText());
        }
        if (!entry.isArray()) {
            throw new BootFailure("runcmd[" + step + "] must be a list or a string");
        }
        List<String> argv = new ArrayList<>();
        entry.forEach(w -> argv.add(w.asText()));
        return argv;
    }

    /** The command as the console shows it: URLs without their query, where presigned secrets live. */
    private static String redact(List<String> argv) {
        return String.join(" ", argv.stream().map(a -> a.matches("https?://.*\\?.*") ? a.replaceFirst("\\?.*", "?...") : a)
                .toList());
    }
}
