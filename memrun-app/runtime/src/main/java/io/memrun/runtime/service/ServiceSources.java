package io.memrun.runtime.service;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles a service's Java sources in-process (javax.tools) against the SDK this runtime carries
 * (and the libraries its API exposes; nothing else of the platform),
 * so {@code memrun dev <source dir | File.java>} needs no build tool. The entry point is the one
 * class with a {@code main} method; a compile error is reported with file, line and message.
 */
public final class ServiceSources {
    private static final Pattern MAIN = Pattern.compile("static\\s+void\\s+main\\s*\\(");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    private ServiceSources() {
    }

    /** Whether {@code path} looks like sources: a {@code .java} file, or a directory holding any. */
    public static boolean isSource(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return path.toString().endsWith(".java");
        }
        if (!Files.isDirectory(path) || Files.exists(path.resolve("META-INF/MANIFEST.MF"))) {
            return false;
        }
        try (Stream<Path> s = Files.walk(path)) {
            return s.anyMatch(p -> p.toString().endsWith(".java"));
        }
    }

    /**
     * Compiles the sources into {@code outDir}.
     *
     * @return the fully qualified name of the class with the {@code main} method
     * @throws CompileException with the compiler's diagnostics if compilation fails
     */
    public static String compile(Path source, Path outDir) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("compiling a service from source needs a JDK, but this is a JRE;"
                    + " run memrun with a JDK >= 21 or give a jar");
        }
        Path root = Files.isDirectory(source.resolve("src/main/java")) ? source.resolve("src/main/java") : source;
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(root)) {
            files.add(root);
        } else {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .java files under " + source);
        }
        String mainClass = findMain(files, source);
        deleteRecursively(outDir); // classes of deleted sources must not linger
        Files.createDirectories(outDir);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
             SharedApiOnly fm = new SharedApiOnly(standard)) {
            List<String> options = List.of("-d", outDir.toString(), "-classpath", System.getProperty("java.class.path"),
                    "--release", "21", "-proc:none", "-parameters");
            StringWriter out = new StringWriter();
            boolean ok = javac.getTask(out, fm, diagnostics, options, null, standard.getJavaFileObjectsFromPaths(files)).call();
            if (!ok) {
                throw new CompileException(format(diagnostics));
            }
        }
        return mainClass;
    }

    /**
     * Hides the platform's class path from javac except the packages {@link ServiceClassLoader}
     * shares with a service at run time (the SDK, Jackson's API, SLF4J), so using a platform
     * internal fails here with a compile error rather than later with a {@code NoClassDefFoundError}.
     * Filtering packages works the same whether the platform runs from a fat jar or from Maven's
     * class path.
     */
    private static final class SharedApiOnly extends ForwardingJavaFileManager<StandardJavaFileManager> {
        SharedApiOnly(StandardJavaFileManager delegate) {
            super(delegate);
        }

        @Override
        public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds,
                boolean recurse) throws IOException {
            if (location == StandardLocation.CLASS_PATH && !ServiceClassLoader.isShared(packageName + ".")) {
                return List.of();
            }
            return super.list(location, packageName, kinds, recurse);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String findMain(List<Path> files, Path source) throws IOException {
        List<String> mains = new ArrayList<>();
        for (Path f : files) {
            String text = Files.readString(f);
            if (MAIN.matcher(text).find()) {
                var pkg = PACKAGE.matcher(text);
                String simple = f.getFileName().toString().replace(".java", "");
                mains.add(pkg.find() ? pkg.group(1) + "." + simple : simple);
            }
        }
        if (mains.size() != 1) {
            throw new IllegalArgumentException(source + (mains.isEmpty() ? " has no class with a main method"
                    : " has several classes with a main method " + mains) + ": exactly one must build and deploy the service");
        }
        return mains.get(0);
    }

    private static String format(DiagnosticCollector<JavaFileObject> diagnostics) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String file = d.getSource() == null ? "?" : Path.of(d.getSource().toUri()).getFileName().toString();
            sb.append(file).append(':').append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ROOT)).append('\n');
        }
        return sb.toString().strip();
    }

    /** The service's sources do not compile; the message holds every error as {@code File.java:line: message}. */
    public static final class CompileException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        CompileException(String diagnostics) {
            super("the service does not compile:\n" + diagnostics);
        }
    }
}
