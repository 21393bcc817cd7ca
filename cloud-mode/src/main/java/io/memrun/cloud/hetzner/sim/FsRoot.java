package io.memrun.cloud.hetzner.sim;

import java.nio.file.Path;

/**
 * A server's filesystem: the directory that stands for its {@code /}. Absolute paths the
 * user-data and the units name are mapped under it, and never out of it.
 */
record FsRoot(Path root) {
    FsRoot {
        root = root.toAbsolutePath().normalize();
    }

    /**
     * Where {@code vmPath} lives on the host: an absolute path under the root, a relative one from
     * the VM's {@code /} (cloud-init runs commands there).
     *
     * @throws IllegalArgumentException if the path climbs out of the root
     */
    Path resolve(String vmPath) {
        String relative = vmPath.replaceFirst("^/+", "");
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("path " + vmPath + " leaves the server's filesystem");
        }
        return p;
    }

    /**
     * A command-line argument as the host must see it: {@code /abs/path} becomes the host path,
     * {@code --opt=/abs/path} (any {@code name=/abs/path}) keeps its name; anything else is kept.
     */
    String rewriteArgument(String arg) {
        if (arg.startsWith("/") && arg.length() > 1 && !arg.startsWith("//")) {
            return resolve(arg).toString();
        }
        int eq = arg.indexOf('=');
        if (eq > 0 && arg.startsWith("/", eq + 1) && arg.length() > eq + 2) {
            return arg.substring(0, eq + 1) + resolve(arg.substring(eq + 1));
        }
        return arg;
    }
}
