package io.memrun.cloud.hetzner;

import static io.memrun.cloud.hetzner.MalformedResponse.present;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import me.tomsdevsn.hetznercloud.objects.general.Datacenter;
import me.tomsdevsn.hetznercloud.objects.general.Meta;
import me.tomsdevsn.hetznercloud.objects.general.PublicNet;

/** The library's model objects as ours. Missing ids fail as {@link MalformedResponse}; missing text is empty. */
final class LibraryMapping {

    private LibraryMapping() {
    }

    static Server server(me.tomsdevsn.hetznercloud.objects.general.Server s) {
        present(s, "server");
        String type = s.getServerType() == null ? "" : text(s.getServerType().getName());
        Datacenter dc = s.getDatacenter();
        String location = dc == null || dc.getLocation() == null ? "" : text(dc.getLocation().getName());
        Optional<String> ipv4 =
                Optional.ofNullable(s.getPublicNet()).map(PublicNet::getIpv4).map(PublicNet.IPv4::getIp);
        return new Server(present(s.getId(), "server id"), present(s.getName(), "server name"),
                ServerStatus.of(s.getStatus()), type, location, labels(s.getLabels()), instant(s.getCreated()), ipv4);
    }

    static List<Server> servers(List<me.tomsdevsn.hetznercloud.objects.general.Server> servers) {
        return servers == null ? List.of() : servers.stream().map(LibraryMapping::server).toList();
    }

    static Action action(me.tomsdevsn.hetznercloud.objects.general.Action a) {
        present(a, "action");
        Optional<Action.Failure> error = Optional.ofNullable(a.getError())
                .filter(e -> e.getCode() != null)
                .map(e -> new Action.Failure(e.getCode(), text(e.getMessage())));
        return new Action(present(a.getId(), "action id"), text(a.getCommand()), ActionStatus.of(a.getStatus()),
                a.getProgress() == null ? 0 : a.getProgress().intValue(), instant(a.getStarted()),
                Optional.ofNullable(a.getFinished()).map(Date::toInstant), error);
    }

    static List<Action> actions(List<me.tomsdevsn.hetznercloud.objects.general.Action> actions) {
        return actions == null ? List.of() : actions.stream().map(LibraryMapping::action).toList();
    }

    static Location location(me.tomsdevsn.hetznercloud.objects.general.Location l) {
        return new Location(present(l.getId(), "location id"), present(l.getName(), "location name"),
                text(l.getDescription()), text(l.getCountry()), text(l.getCity()), text(l.getNetworkZone()));
    }

    static Image image(me.tomsdevsn.hetznercloud.objects.general.Image i) {
        Architecture architecture = i.getArchitecture() == null
                ? Architecture.UNKNOWN : Architecture.of(i.getArchitecture().name());
        return new Image(present(i.getId(), "image id"), text(i.getName()), text(i.getDescription()), architecture,
                text(i.getOsFlavor()), text(i.getOsVersion()), i.getDeprecated() != null);
    }

    /** The next page's number, empty on the last page (or when the response carries no pagination). */
    static OptionalLong nextPage(Meta meta) {
        if (meta == null || meta.getPagination() == null || meta.getPagination().getNextPage() == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(meta.getPagination().getNextPage());
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        Map<String, String> out = new HashMap<>();
        if (labels != null) {
            labels.forEach((k, v) -> {
                if (k != null) {
                    out.put(k, Objects.requireNonNullElse(v, ""));
                }
            });
        }
        return out;
    }

    /** The library reads timestamps leniently (null when unparseable); the epoch stands for "unknown". */
    private static Instant instant(Date date) {
        return date == null ? Instant.EPOCH : date.toInstant();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
