package io.memrun.cli;

/** Turns a failure into one readable line for the terminal (a stack trace only with -v). */
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
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
