package io.memrun.cloud.hetzner.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** The locations and datacenters the sim offers: Hetzner's three EU ones. */
final class Locations {
    /** A Hetzner location, as {@code GET /locations} shows it. */
    record Location(long id, String name, String description, String country, String city, double latitude,
                    double longitude, String networkZone) {
        ObjectNode json() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("id", id);
            n.put("name", name);
            n.put("description", description);
            n.put("country", country);
            n.put("city", city);
            n.put("latitude", latitude);
            n.put("longitude", longitude);
            n.put("network_zone", networkZone);
            return n;
        }
    }

    /** A virtual datacenter in a location; every server type is available in each. */
    record Datacenter(long id, String name, String description, Location location) {
        ObjectNode json() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("id", id);
            n.put("name", name);
            n.put("description", description);
            n.set("location", location.json());
            ObjectNode types = n.putObject("server_types");
            var ids = ServerTypes.ALL.stream().map(ServerTypes.ServerType::id).toList();
            ids.forEach(types.putArray("supported")::add);
            ids.forEach(types.putArray("available")::add);
            ids.forEach(types.putArray("available_for_migration")::add);
            return n;
        }
    }

    static final Location FSN1 = new Location(1, "fsn1", "Falkenstein DC Park 1", "DE", "Falkenstein",
            50.47612, 12.370071, "eu-central");
    static final Location NBG1 = new Location(2, "nbg1", "Nuremberg DC Park 1", "DE", "Nuremberg",
            49.452102, 11.076665, "eu-central");
    static final Location HEL1 = new Location(3, "hel1", "Helsinki DC Park 1", "FI", "Helsinki",
            60.169855, 24.938379, "eu-central");
    static final List<Location> ALL = List.of(FSN1, NBG1, HEL1);
    static final List<Datacenter> DATACENTERS = List.of(
            new Datacenter(4, "fsn1-dc14", "Falkenstein 1 virtual DC 14", FSN1),
            new Datacenter(2, "nbg1-dc3", "Nuremberg 1 virtual DC 3", NBG1),
            new Datacenter(3, "hel1-dc2", "Helsinki 1 virtual DC 2", HEL1));

    private Locations() {
    }

    static Optional<Location> byName(String name) {
        return ALL.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    static Optional<Datacenter> datacenterByName(String name) {
        return DATACENTERS.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The datacenter servers in {@code location} are placed in. */
    static Datacenter datacenterIn(Location location) {
        return DATACENTERS.stream().filter(d -> d.location().equals(location)).findFirst().orElseThrow();
    }
}
