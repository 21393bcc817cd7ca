package io.memrun.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a run measured, so a figure is never read without its context: cores, CPU model,
 * memory, the JVM, and the load average before and after (other work on a shared machine moves
 * every number).
 *
 * @param cores processors available to the JVM
 * @param cpu the CPU model, from {@code /proc/cpuinfo} where there is one
 * @param memoryGiB physical memory
 * @param maxHeapMiB the JVM's heap limit
 * @param javaVersion the Java runtime version
 * @param os operating system and version
 * @param loadBefore the 1-minute load average when the run started
 * @param loadAfter the 1-minute load average when it ended
 */
record MachineInfo(int cores, String cpu, double memoryGiB, long maxHeapMiB, String javaVersion, String os, double loadBefore,
                   double loadAfter) {
    /** The machine now; {@code loadAfter} is filled in by {@link #finish()}. */
    static MachineInfo now() {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), cpuModel(), totalMemoryGiB(),
                Runtime.getRuntime().maxMemory() >> 20, Runtime.version().toString(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"), loadAverage(), Double.NaN);
    }

    /** The same, with the load average at the end of the run. */
    MachineInfo finish() {
        return new MachineInfo(cores, cpu, memoryGiB, maxHeapMiB, javaVersion, os, loadBefore, loadAverage());
    }

    /** One line for the report. */
    String describe() {
        String load = Double.isNaN(loadAfter) ? String.format(Locale.ROOT, "load average %.2f", loadBefore)
                : String.format(Locale.ROOT, "load average %.2f before, %.2f after", loadBefore, loadAfter);
        return String.format(Locale.ROOT, "%d cores (%s), %.0f GiB RAM, Java %s, heap %d MiB, %s; %s",
                cores, cpu, memoryGiB, javaVersion, maxHeapMiB, os, load);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    private static double totalMemoryGiB() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / (double) (1L << 30);
        }
        return Double.NaN;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
