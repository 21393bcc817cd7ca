package io.memrun.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws a run as one PNG of four panels: the state tax (cold, stateless, warm-disk, warm-memory),
 * the request path's p50 per hop, locality hit rates, and the peer comparison. Times use a log
 * scale, because the point of the chart is differences of orders of magnitude. Headless Java2D, so
 * it works on a server without a display.
 */
final class BenchChart {
    private static final int W = 1400;
    private static final int H = 1060;
    private static final int PANEL_H = 360;
    private static final Color MEMRUN = new Color(0x2E7D32);
    private static final Color DISK = new Color(0x81C784);
    private static final Color COLD = new Color(0xC62828);
    private static final Color OTHER = new Color(0x1565C0);
    private static final Color GREY = new Color(0x9E9E9E);

    /** One bar: a label, a value (ms for time panels, percent for hit rates) and its colour. */
    record Bar(String label, double value, Color color) {
    }

    private BenchChart() {
    }

    static void write(BenchReport r, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, W, H);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
            g.drawString("memrun bench (" + r.size + " size)", 20, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(r.machine.describe(), 20, 52);
            int pw = W / 2 - 30;
            int ph = PANEL_H;
            stateTax(g, r, 20, 70, pw, ph);
            requestPath(g, r, W / 2 + 10, 70, pw, ph);
            locality(g, r, 20, 70 + ph + 30, pw, ph);
            peer(g, r, W / 2 + 10, 70 + ph + 30, pw, ph);
            targets(g, r.targets, 20, 70 + 2 * (ph + 30));
        } finally {
            g.dispose();
        }
        ImageIO.write(img, "png", file.toFile());
    }

    private static void stateTax(Graphics2D g, BenchReport r, int x, int y, int w, int h) {
        if (r.stateTax == null && r.stateless == null) {
            if (r.service != null) {
                ColdWarmBench.Result q = r.service.requests();
                logBars(g, "Your service " + r.service.service() + ": round trip (median)", "cold / warm = "
                        + TargetCheck.ratio(q.coldOverWarmMemory()), List.of(new Bar("cold", q.coldMs(), COLD),
                        new Bar("warm-disk", q.warmDiskMs(), DISK), new Bar("warm-memory", q.warmMemoryMs(), MEMRUN)),
                        x, y, w, h);
            } else {
                empty(g, "State tax", x, y, w, h);
            }
            return;
        }
        List<Bar> bars = new ArrayList<>();
        String subtitle = "";
        if (r.stateTax != null) {
            ColdWarmBench.Result q = r.stateTax.requests();
            bars.add(new Bar("cold (fetch + decode)", q.coldMs(), COLD));
            if (r.stateless != null) {
                bars.add(new Bar("stateless (no cache)", r.stateless.medianMs(), GREY));
            }
            bars.add(new Bar("warm-disk (decode again)", q.warmDiskMs(), DISK));
            bars.add(new Bar("warm-memory", q.warmMemoryMs(), MEMRUN));
            subtitle = r.stateTax.dataset() + ": cold / warm = " + TargetCheck.ratio(q.coldOverWarmMemory()) + " (target >= 50x)";
        } else {
            bars.add(new Bar("stateless (no cache)", r.stateless.medianMs(), GREY));
        }
        logBars(g, "State tax: analytics request, round trip (median)", subtitle, bars, x, y, w, h);
    }

    private static void requestPath(Graphics2D g, BenchReport r, int x, int y, int w, int h) {
        if (r.requestPath == null) {
            empty(g, "Request path", x, y, w, h);
            return;
        }
        List<Bar> bars = new ArrayList<>();
        for (RequestPathBench.Row row : r.requestPath) {
            Color c = row.path().startsWith("memrun") ? MEMRUN : row.path().startsWith("HTTP") ? OTHER : GREY;
            bars.add(new Bar(row.path() + ", " + row.clients() + " cl.", row.p50(), c));
        }
        logBars(g, "Request path: empty handler, p50 latency", "in-process vs HTTP echo vs gateway -> Kafka -> worker -> Kafka",
                bars, x, y, w, h);
    }

    private static void locality(Graphics2D g, BenchReport r, int x, int y, int w, int h) {
        if (r.locality == null) {
            empty(g, "Locality", x, y, w, h);
            return;
        }
        LocalityBench.Result l = r.locality;
        List<Bar> bars = List.of(new Bar("sticky routing, 4 workers", 100 * l.sticky().hitRate(), MEMRUN),
                new Bar("random routing, 4 workers", 100 * l.random().hitRate(), COLD),
                new Bar("one worker, 4x budget (ideal)", 100 * l.oneBig().hitRate(), OTHER));
        title(g, "Locality: disk-cache hit rate, Zipf(1.0) over " + l.datasets() + " datasets", String.format(Locale.ROOT,
                "random / sticky misses = %s (target >= 5x)", TargetCheck.ratio((double) l.random().misses()
                        / Math.max(1, l.sticky().misses()))), x, y);
        int top = y + 50;
        int rowH = Math.min(60, (h - 60) / bars.size());
        int labelW = 230;
        int barMax = w - labelW - 80;
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int by = top + i * rowH;
            g.setColor(Color.BLACK);
            g.drawString(b.label(), x, by + rowH / 2 + 5);
            g.setColor(b.color());
            g.fillRect(x + labelW, by + 8, (int) (barMax * b.value() / 100), rowH - 16);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.1f%%", b.value()), x + labelW + (int) (barMax * b.value() / 100) + 6,
                    by + rowH / 2 + 5);
        }
    }

    private static void peer(Graphics2D g, BenchReport r, int x, int y, int w, int h) {
        if (r.peer == null) {
            empty(g, "Peer", x, y, w, h);
            return;
        }
        PeerBench.Result p = r.peer;
        List<Bar> bars = new ArrayList<>();
        bars.add(new Bar("memrun memory tier", p.memoryHitNanos() / 1e6, MEMRUN));
        bars.add(new Bar("memrun disk tier", Samples.median(p.diskTier()), DISK));
        if (p.redisRan()) {
            bars.add(new Bar("Redis GET (loopback)", Samples.median(p.redis()), COLD));
        }
        String sub = p.redisRan() ? "Redis / disk = " + TargetCheck.ratio(p.redisOverDisk()) + " (>= 3x), Redis / memory = "
                + TargetCheck.ratio(p.redisOverMemory()) + " (>= 1,000x)" : "Redis skipped";
        logBars(g, "Peer: warm read of a " + (p.bytes() >> 20) + " MiB object (median)", sub, bars, x, y, w, h);
    }

    /** Horizontal bars on a log10 time axis, one decade per grid line, each labelled with its value. */
    static void logBars(Graphics2D g, String title, String subtitle, List<Bar> bars, int x, int y, int w, int h) {
        title(g, title, subtitle, x, y);
        double min = bars.stream().mapToDouble(Bar::value).filter(v -> v > 0).min().orElse(1);
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(10);
        int lo = (int) Math.floor(Math.log10(min));
        int hi = (int) Math.ceil(Math.log10(max));
        if (hi == lo) {
            hi++;
        }
        int labelW = 230;
        int axisX = x + labelW;
        int axisW = w - labelW - 90;
        int top = y + 50;
        int rowH = Math.max(14, Math.min(60, (h - 80) / Math.max(1, bars.size())));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, rowH < 24 ? 11 : 13));
        int labelEvery = hi - lo > 6 ? 2 : 1; // keep axis labels from running into each other
        for (int d = lo; d <= hi; d++) {
            int gx = axisX + (int) ((double) (d - lo) / (hi - lo) * axisW);
            g.setColor(new Color(0xE0E0E0));
            g.drawLine(gx, top, gx, top + rowH * bars.size());
            if ((d - lo) % labelEvery == 0) {
                g.setColor(GREY);
                g.drawString(decade(d), gx - 14, top + rowH * bars.size() + 16);
            }
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int by = top + i * rowH;
            double v = Math.max(b.value(), Math.pow(10, lo));
            int len = (int) ((Math.log10(v) - lo) / (hi - lo) * axisW);
            g.setColor(Color.BLACK);
            g.drawString(b.label(), x, by + rowH / 2 + 5);
            g.setColor(b.color());
            g.fillRect(axisX, by + 3, Math.max(2, len), rowH - 6);
            g.setColor(Color.BLACK);
            g.drawString(TargetCheck.ms(b.value()), axisX + len + 6, by + rowH / 2 + 5);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    }

    /** An axis label for 10^d milliseconds: 10 ns, 1 us, 100 ms, 10 s. */
    static String decade(int d) {
        String[] units = {"ns", "us", "ms", "s"};
        int unit = Math.max(0, Math.min(3, Math.floorDiv(d + 6, 3)));
        int exp = d + 6 - 3 * unit;
        return (exp >= 0 ? Long.toString((long) Math.pow(10, exp)) : Double.toString(Math.pow(10, exp))) + " " + units[unit];
    }

    /** The SPEC targets as a checklist under the panels, in two columns. */
    private static void targets(Graphics2D g, List<TargetCheck> checks, int x, int y) {
        if (checks == null) {
            return;
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        long met = checks.stream().filter(c -> c.verdict() == TargetCheck.Verdict.MET).count();
        long measured = checks.stream().filter(c -> c.verdict() != TargetCheck.Verdict.SKIPPED).count();
        g.drawString("SPEC targets: " + met + " of " + measured + " measured are met", x, y + 14);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int rows = (checks.size() + 1) / 2;
        for (int i = 0; i < checks.size(); i++) {
            TargetCheck c = checks.get(i);
            int cx = x + (i / rows) * (W / 2);
            int cy = y + 34 + (i % rows) * 16;
            g.setColor(switch (c.verdict()) {
                case MET -> MEMRUN;
                case NOT_MET -> COLD;
                case SKIPPED -> GREY;
            });
            g.drawString(c.verdict() == TargetCheck.Verdict.MET ? "met" : c.verdict() == TargetCheck.Verdict.NOT_MET ? "NOT MET" : "n/m",
                    cx, cy);
            g.setColor(Color.BLACK);
            String text = c.target() + (c.verdict() == TargetCheck.Verdict.SKIPPED ? "" : ": " + c.measured());
            g.drawString(text.length() > 105 ? text.substring(0, 102) + "..." : text, cx + 56, cy);
        }
    }

    private static void title(Graphics2D g, String title, String subtitle, int x, int y) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, x, y + 16);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(new Color(0x424242));
        g.drawString(subtitle, x, y + 36);
    }

    private static void empty(Graphics2D g, String what, int x, int y, int w, int h) {
        title(g, what, "not run", x, y);
        g.setColor(new Color(0xEEEEEE));
        g.setStroke(new BasicStroke(1));
        g.drawRect(x, y + 45, w, h - 50);
    }
}
