package io.memrun.cloud.hetzner;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Hetzner Cloud API as memrun's scheduler uses it: the catalog (server types, locations, images),
 * servers (create, list by label, look up, delete, power) and actions. Thread-safe.
 *
 * <p><b>Errors.</b> Every call throws {@link HetznerException} with the HTTP status and Hetzner's error
 * code; arguments that cannot be valid are rejected with {@link IllegalArgumentException} before any
 * request.
 *
 * <p><b>Retries</b> follow the official Go client: a {@code conflict} is retried on every call; rate
 * limiting (429), 502, 503, 504 and network errors are retried only on reads; a create, delete or power
 * action is never repeated for any other reason, because it may already have taken effect. The waits
 * follow {@link RetryPolicy}; a 429 that names its reset time is waited out until then (bounded). When
 * the last response said no requests remain, the next call first waits for one refill (one second).
 *
 * <p>Create one with {@link #fromEnvironment(Map)} or {@link #create(HetznerSettings)}; close it when
 * done to release its connections.
 */
public interface HetznerCloud extends AutoCloseable {

    /**
     * A client configured from {@code HCLOUD_TOKEN} and {@code HCLOUD_ENDPOINT}, see
     * {@link HetznerSettings#fromEnvironment(Map)}.
     *
     * @throws IllegalArgumentException naming the variable when the token is missing or the endpoint is invalid
     */
    static HetznerCloud fromEnvironment(Map<String, String> env) {
        return create(HetznerSettings.fromEnvironment(env));
    }

    /** A client with these settings, waiting on the system clock. */
    static HetznerCloud create(HetznerSettings settings) {
        return create(settings, Sleeper.system());
    }

    /** A client with these settings, waiting on {@code sleeper} (a fake one in tests). */
    static HetznerCloud create(HetznerSettings settings, Sleeper sleeper) {
        return new LibraryHetznerCloud(settings, sleeper);
    }

    /** Every server type, with prices per location ({@code GET /server_types}, all pages). A read: retried. */
    List<ServerType> serverTypes() throws HetznerException;

    /** Every location ({@code GET /locations}). A read: retried. */
    List<Location> locations() throws HetznerException;

    /**
     * The image with this name for this architecture ({@code GET /images?name=}), empty if there is none.
     * System images share a name across architectures, so the architecture picks one. A read: retried.
     *
     * @throws IllegalArgumentException if the name is blank or the architecture {@link Architecture#UNKNOWN}
     */
    Optional<Image> findImage(String name, Architecture architecture) throws HetznerException;

    /**
     * Creates a server and asks Hetzner to start it once built ({@code POST /servers},
     * {@code start_after_create: true}). The server is billed from here on.
     *
     * <p>Retried only on {@code conflict}. Any other failure may or may not have created the server: a
     * {@code network_error}, 502 or 503 leaves it unknown, so look the name up ({@link #findServer(String)})
     * before creating again; a repeated create of an existing name fails with {@code uniqueness_error}
     * ({@link HetznerException#isUniquenessError()}), which means the server exists.
     */
    CreatedServer createServer(ServerSpec spec) throws HetznerException;

    /**
     * Every server matching the label selector ({@code GET /servers?label_selector=}), following the
     * pagination to the last page, 50 per page. Selector syntax: {@code k=v}, {@code k!=v}, {@code k},
     * {@code !k}, {@code k in (a,b)}, {@code k notin (a,b)}, comma for "and". Each page is a read: retried.
     *
     * @throws IllegalArgumentException if the selector is blank (listing every server of a project is not
     *                                  something the scheduler should do by accident)
     */
    List<Server> servers(String labelSelector) throws HetznerException;

    /** The server with this id ({@code GET /servers/{id}}), empty when Hetzner says {@code not_found}. Retried. */
    Optional<Server> findServer(long id) throws HetznerException;

    /** The server with this name ({@code GET /servers?name=}), empty if there is none. Retried. */
    Optional<Server> findServer(String name) throws HetznerException;

    /**
     * Deletes a server ({@code DELETE /servers/{id}}); billing stops once the returned action succeeds.
     * Retried only on {@code conflict}. A server that is already gone fails with {@code not_found}.
     */
    Action deleteServer(long id) throws HetznerException;

    /** Cuts a server's power ({@code POST /servers/{id}/actions/poweroff}). Retried only on {@code conflict}. */
    Action powerOff(long id) throws HetznerException;

    /**
     * Asks a server's operating system to shut down, as a press on the power button does
     * ({@code POST /servers/{id}/actions/shutdown}): services get SIGTERM and their stop timeout,
     * then the server is {@code off}. Retried only on {@code conflict}.
     */
    Action shutdown(long id) throws HetznerException;

    /** Starts a server ({@code POST /servers/{id}/actions/poweron}). Retried only on {@code conflict}. */
    Action powerOn(long id) throws HetznerException;

    /** An action by id ({@code GET /actions/{id}}); fails with {@code not_found} for an unknown id. Retried. */
    Action action(long id) throws HetznerException;

    /**
     * Several actions by id in as few requests as possible ({@code GET /actions?id=..&id=..}, 50 ids per
     * request); unknown ids are left out. Retried.
     */
    List<Action> actions(Collection<Long> ids) throws HetznerException;

    /** The rate-limit state of the latest response, empty before the first one. */
    Optional<RateLimit> rateLimit();

    /** Releases the client's connections; calls after this fail. Idempotent. */
    @Override
    void close();
}
