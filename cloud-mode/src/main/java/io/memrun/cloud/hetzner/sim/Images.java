package io.memrun.cloud.hetzner.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The system images the sim offers, each for x86 and arm as at Hetzner (one name, two ids). The
 * image only shapes the API answers: every "VM" runs on the host, with the sim's java.
 */
final class Images {
    /** A system image, as {@code GET /images} shows it. */
    record Image(long id, String name, String description, String osFlavor, String osVersion, String architecture,
                 String created) {
        ObjectNode json() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("id", id);
            n.put("type", "system");
            n.put("status", "available");
            n.put("name", name);
            n.put("description", description);
            n.putNull("image_size");
            n.put("disk_size", 5);
            n.put("created", created);
            n.putNull("created_from");
            n.putNull("bound_to");
            n.put("os_flavor", osFlavor);
            n.put("os_version", osVersion);
            n.put("rapid_deploy", true);
            n.putObject("protection").put("delete", false);
            n.putNull("deprecated");
            n.putNull("deleted");
            n.putObject("labels");
            n.put("architecture", architecture);
            return n;
        }
    }

    static final List<Image> ALL = List.of(
            new Image(161547269, "ubuntu-24.04", "Ubuntu 24.04", "ubuntu", "24.04", "x86", "2024-04-25T12:00:00+00:00"),
            new Image(161547270, "ubuntu-24.04", "Ubuntu 24.04", "ubuntu", "24.04", "arm", "2024-04-25T12:00:00+00:00"),
            new Image(310557660, "debian-13", "Debian 13", "debian", "13", "x86", "2025-08-12T12:00:00+00:00"),
            new Image(310557661, "debian-13", "Debian 13", "debian", "13", "arm", "2025-08-12T12:00:00+00:00"),
            new Image(114690387, "debian-12", "Debian 12", "debian", "12", "x86", "2023-06-13T12:00:00+00:00"),
            new Image(114690389, "debian-12", "Debian 12", "debian", "12", "arm", "2023-06-13T12:00:00+00:00"));

    private Images() {
    }

    /**
     * The image a create names, for a server of {@code architecture}: by name, the build for that
     * architecture (as Hetzner picks it); by id, that image.
     */
    static Optional<Image> forServer(String nameOrId, String architecture) {
        return ALL.stream()
                .filter(i -> Long.toString(i.id()).equals(nameOrId)
                        || (i.name().equals(nameOrId) && i.architecture().equals(architecture)))
                .findFirst();
    }
}
