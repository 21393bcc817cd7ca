package io.memrun.cloud.hetzner.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * The server types the sim offers: Hetzner's shared (CX, CPX, CAX) and dedicated (CCX) lines with
 * their real cores, memory and disk. The prices are illustrative (close to Hetzner's EU net prices
 * at one point in time, the same in every location), not a price list.
 */
final class ServerTypes {
    /** 20 TB, in bytes. */
    private static final long INCLUDED_TRAFFIC = 21_990_232_555_520L;
    private static final BigDecimal VAT = new BigDecimal("1.19");
    private static final BigDecimal HOURS_PER_MONTH = new BigDecimal("730");

    /** A server type, as {@code GET /server_types} shows it. */
    record ServerType(long id, String name, int cores, double memoryGb, int diskGb, String cpuType,
                      String architecture, String category, String monthlyNet) {
        ObjectNode json() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("id", id);
            n.put("name", name);
            n.put("description", name.toUpperCase(java.util.Locale.ROOT));
            n.put("category", category);
            n.put("cores", cores);
            n.put("memory", memoryGb);
            n.put("disk", diskGb);
            n.put("deprecated", false);
            n.putNull("deprecation");
            n.put("storage_type", "local");
            n.put("cpu_type", cpuType);
            n.put("architecture", architecture);
            var prices = n.putArray("prices");
            var locations = n.putArray("locations");
            for (Locations.Location l : Locations.ALL) {
                ObjectNode p = prices.addObject();
                p.put("location", l.name());
                BigDecimal monthly = new BigDecimal(monthlyNet);
                p.set("price_hourly", price(monthly.divide(HOURS_PER_MONTH, 4, RoundingMode.HALF_UP)));
                p.set("price_monthly", price(monthly));
                p.put("included_traffic", INCLUDED_TRAFFIC);
                p.set("price_per_tb_traffic", price(BigDecimal.ONE));
                ObjectNode loc = locations.addObject();
                loc.put("id", l.id());
                loc.put("name", l.name());
                loc.putNull("deprecation");
            }
            return n;
        }

        private static ObjectNode price(BigDecimal net) {
            ObjectNode p = JsonNodeFactory.instance.objectNode();
            p.put("net", net.setScale(10, RoundingMode.HALF_UP).toPlainString());
            p.put("gross", net.multiply(VAT).setScale(16, RoundingMode.HALF_UP).toPlainString());
            return p;
        }
    }

    static final List<ServerType> ALL = List.of(
            shared(104, "cx22", 2, 4, 40, "x86", "cost_optimized", "3.79"),
            shared(105, "cx32", 4, 8, 80, "x86", "cost_optimized", "6.80"),
            shared(106, "cx42", 8, 16, 160, "x86", "cost_optimized", "16.40"),
            shared(107, "cx52", 16, 32, 320, "x86", "cost_optimized", "32.40"),
            shared(22, "cpx11", 2, 2, 40, "x86", "regular_purpose", "4.35"),
            shared(23, "cpx21", 3, 4, 80, "x86", "regular_purpose", "7.55"),
            shared(24, "cpx31", 4, 8, 160, "x86", "regular_purpose", "13.60"),
            shared(25, "cpx41", 8, 16, 240, "x86", "regular_purpose", "25.20"),
            shared(26, "cpx51", 16, 32, 360, "x86", "regular_purpose", "54.90"),
            shared(45, "cax11", 2, 4, 40, "arm", "cost_optimized", "3.79"),
            shared(93, "cax21", 4, 8, 80, "arm", "cost_optimized", "6.49"),
            shared(94, "cax31", 8, 16, 160, "arm", "cost_optimized", "12.49"),
            shared(95, "cax41", 16, 32, 320, "arm", "cost_optimized", "24.49"),
            dedicated(96, "ccx13", 2, 8, 80, "12.49"),
            dedicated(97, "ccx23", 4, 16, 160, "24.49"),
            dedicated(98, "ccx33", 8, 32, 240, "48.49"),
            dedicated(99, "ccx43", 16, 64, 360, "96.49"),
            dedicated(100, "ccx53", 32, 128, 600, "192.49"),
            dedicated(101, "ccx63", 48, 192, 960, "288.49"));

    private ServerTypes() {
    }

    /** By name ({@code cx22}) or by id ({@code 104}). */
    static Optional<ServerType> byNameOrId(String nameOrId) {
        return ALL.stream().filter(t -> t.name().equals(nameOrId) || Long.toString(t.id()).equals(nameOrId))
                .findFirst();
    }

    private static ServerType shared(long id, String name, int cores, int memory, int disk, String arch,
                                     String category, String monthly) {
        return new ServerType(id, name, cores, memory, disk, "shared", arch, category, monthly);
    }

    private static ServerType dedicated(long id, String name, int cores, int memory, int disk, String monthly) {
        return new ServerType(id, name, cores, memory, disk, "dedicated", "x86", "general_purpose", monthly);
    }
}
