package io.memrun.cli;

/**
 * Turns a failure into readable text for the terminal: its message (a stack trace only with -v).
 * A message of several lines keeps them (a compile error lists file:line diagnostics), up to 20,
 * without anything that looks like a stack frame.
 */
final class CliErrors {
    private CliErrors() {
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException
                || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        if (Verbosity.verbose()) {
            t.printStackTrace();
        }
        String m = t.getMessage();
        if (m == null) {
            return t.getClass().getSimpleName();
        }
        return String.join("\n", m.lines().filter(l -> !l.stripLeading().startsWith("at ")).limit(20).toList());
    }
}
