package io.memrun.cli;

import io.memrun.runtime.Versions;
import picocli.CommandLine;

/** {@code memrun --version}. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"memrun " + Versions.memrun(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
}
