package io.memrun.cloud.hetzner.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * One server as the API shows it, with the VM behind it. Mutable fields change only under the
 * {@link SimState} lock.
 */
final class SimServer {
    /** Hetzner's server statuses that the sim uses. */
    enum Status {
        INITIALIZING, STARTING, RUNNING, STOPPING, OFF, DELETING;

        String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    final long id;
    final ServerTypes.ServerType type;
    final Images.Image image;
    final Locations.Datacenter datacenter;
    final Instant created;
    final SimVm vm;
    String name;
    Map<String, String> labels;
    Status status = Status.INITIALIZING;

    SimServer(long id, String name, Map<String, String> labels, ServerTypes.ServerType type, Images.Image image,
              Locations.Datacenter datacenter, Instant created, SimVm vm) {
        this.id = id;
        this.name = name;
        this.labels = Map.copyOf(labels);
        this.type = type;
        this.image = image;
        this.datacenter = datacenter;
        this.created = created;
        this.vm = vm;
    }

    /** The server as {@code GET /servers/{id}} shows it. Its public IPv4 is the host's loopback. */
    ObjectNode json(boolean locked) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", id);
        n.put("name", name);
        n.put("status", status.text());
        n.put("created", ApiTime.format(created));
        ObjectNode net = n.putObject("public_net");
        ObjectNode ipv4 = net.putObject("ipv4");
        ipv4.put("id", id);
        ipv4.put("ip", "127.0.0.1");
        ipv4.put("blocked", false);
        ipv4.put("dns_ptr", "localhost");
        net.putNull("ipv6");
        net.putArray("floating_ips");
        net.putArray("firewalls");
        n.putArray("private_net");
        n.set("server_type", type.json());
        n.set("datacenter", datacenter.json());
        n.set("image", image.json());
        n.putNull("iso");
        n.put("rescue_enabled", false);
        n.put("locked", locked);
        n.putNull("backup_window");
        n.put("outgoing_traffic", 0);
        n.put("ingoing_traffic", 0);
        n.put("included_traffic", 21_990_232_555_520L);
        n.putObject("protection").put("delete", false).put("rebuild", false);
        ObjectNode l = n.putObject("labels");
        labels.forEach(l::put);
        n.putArray("volumes");
        n.putArray("load_balancers");
        n.put("primary_disk_size", type.diskGb());
        n.putNull("placement_group");
        return n;
    }
}
