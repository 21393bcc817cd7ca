package io.memrun.cloud.scheduler;

import io.memrun.cloud.auth.Tokens;
import io.memrun.cloud.bootstrap.UserData;
import io.memrun.cloud.hetzner.CreatedServer;
import io.memrun.cloud.hetzner.HetznerCloud;
import io.memrun.cloud.hetzner.HetznerException;
import io.memrun.cloud.hetzner.ServerSpec;
import io.memrun.cloud.state.CloudState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Creates one slot's server: a single-use bootstrap token bound to the server's deterministic name
 * (stored hashed before the create, so a scheduler killed in between leaves only an unused token),
 * user-data with a fresh presigned URL of the memrun jar, and the create call with the
 * {@code memrun.io/*} labels. A create that fails with {@code uniqueness_error} means the server
 * exists already (an earlier attempt got through): the next observation adopts it.
 */
final class Provisioner {
    /** How long a bootstrap token can be redeemed. */
    static final Duration TOKEN_TTL = Duration.ofHours(1);

    private final SchedulerSettings settings;
    private final CloudState state;
    private final HetznerCloud hetzner;
    private final Artifacts artifacts;
    private final String jarSha;
    private final URI schedulerUrl;

    Provisioner(SchedulerSettings settings, CloudState state, HetznerCloud hetzner, Artifacts artifacts, String jarSha,
                URI schedulerUrl) {
        this.settings = settings;
        this.state = state;
        this.hetzner = hetzner;
        this.artifacts = artifacts;
        this.jarSha = jarSha;
        this.schedulerUrl = schedulerUrl;
    }

    /**
     * Creates the server for a slot.
     *
     * @return the created server's id, or empty if it already existed
     */
    Optional<Long> create(String service, int slot, int revision, int generation, String serverType) throws Exception {
        String name = ServerNames.name(settings.cluster(), service, slot, revision, generation);
        String token = Tokens.generate(Tokens.BOOTSTRAP);
        state.addBootstrapToken(Tokens.hash(token), name, service, slot, revision, Instant.now().plus(TOKEN_TTL));
        URI jarUrl = URI.create(artifacts.url(jarSha, "jar").orElseThrow());
        String userData = UserData.render(schedulerUrl, name, token, jarUrl, jarSha, 60);
        ServerSpec spec = new ServerSpec(name, serverType, settings.image(), settings.location(), userData,
                ServerNames.labels(settings.cluster(), service, slot, revision, generation));
        try {
            CreatedServer created = hetzner.createServer(spec);
            return Optional.of(created.server().id());
        } catch (HetznerException e) {
            if (e.isUniquenessError()) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
