package io.memrun.cloud.hetzner;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import me.tomsdevsn.hetznercloud.HetznerCloudAPI;
import me.tomsdevsn.hetznercloud.objects.pagination.PaginationParameters;
import me.tomsdevsn.hetznercloud.objects.request.CreateServerRequest;
import me.tomsdevsn.hetznercloud.objects.response.CreateServerResponse;
import okhttp3.OkHttpClient;

/**
 * {@link HetznerCloud} on {@code me.tomsdevsn:hetznercloud-api} 3.2.4, driven through an OkHttpClient of
 * ours whose interceptors do what the library cannot:
 * <ol>
 *   <li>{@link EndpointInterceptor}: the library hard-codes {@code https://api.hetzner.cloud/v1}; requests
 *       are rewritten to {@code HCLOUD_ENDPOINT}.</li>
 *   <li>{@link ErrorInterceptor}: the library parses errors into an enum that lacks codes such as
 *       {@code unauthorized}, fails on non-JSON bodies and hides the HTTP status, all as a bare
 *       {@code RuntimeException}; errors are typed before the library sees them.</li>
 *   <li>{@link RateLimitRecorder}: the library does not expose response headers.</li>
 * </ol>
 * Calls the library cannot serve go through {@link DirectCalls} on the same OkHttpClient:
 * <ul>
 *   <li>server types: the library's {@code Price} class is package-private (prices cannot be read) and
 *       holds money as {@code Double};</li>
 *   <li>actions by several ids ({@code GET /actions?id=..}): the library only has the deprecated
 *       list-all-actions call.</li>
 * </ul>
 * Other library traps handled here: its create builder sends {@code start_after_create: false} unless set
 * (always set to true); it puts query values into URLs without encoding them (label selectors, names and
 * image names are checked for characters that would corrupt the query); it binds {@code architecture} to an
 * enum of {@code x86} and {@code arm}, so a response with a new architecture fails as {@code invalid_response};
 * it reads timestamps leniently (an unparseable one becomes the epoch). OkHttp's silent retry on a failed
 * connection is switched off: it could resend a create.
 */
final class LibraryHetznerCloud implements HetznerCloud {

    private static final int PER_PAGE = 50;
    /** Characters the library would put into a query string unencoded, breaking it (or "+" read as space). */
    private static final Pattern UNSAFE_IN_QUERY = Pattern.compile("[&#+%?]");
    private static final Pattern IMAGE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final OkHttpClient http;
    private final HetznerCloudAPI api;
    private final DirectCalls direct;
    private final RateLimitRecorder rateLimits;
    private final Retrier retrier;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** One page of a list and the number of the next, empty on the last page. */
    private record Page<T>(List<T> items, OptionalLong next) {
    }

    @FunctionalInterface
    private interface PageCall<T> {
        Page<T> page(int page) throws HetznerException;
    }

    LibraryHetznerCloud(HetznerSettings settings, Sleeper sleeper) {
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        this.rateLimits = new RateLimitRecorder(sleeper);
        // Order matters: the first interceptor is the outermost. The endpoint is rewritten before anything
        // else sees the request; the recorder, innermost, sees every response, errors included.
        this.http = new OkHttpClient.Builder()
                .addInterceptor(new EndpointInterceptor(settings.endpoint()))
                .addInterceptor(new ErrorInterceptor(json, settings.token()))
                .addInterceptor(rateLimits)
                .retryOnConnectionFailure(false)
                .callTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .build();
        this.api = new HetznerCloudAPI(settings.token(), http);
        this.direct = new DirectCalls(http, json, settings.token());
        this.retrier = new Retrier(settings.retry(), sleeper, rateLimits, RandomGenerator.getDefault());
    }

    @Override
    public List<ServerType> serverTypes() throws HetznerException {
        return allPages("GET /server_types", page -> direct.get("server_types", pageQuery(page, Map.of()),
                body -> new Page<>(JsonMapping.serverTypes(body), JsonMapping.nextPage(body))));
    }

    @Override
    public List<Location> locations() throws HetznerException {
        // Hetzner has a handful of locations: one page of the default size holds them all.
        return read("GET /locations", () -> api.getLocations().getLocations().stream()
                .map(LibraryMapping::location).toList());
    }

    @Override
    public Optional<Image> findImage(String name, Architecture architecture) throws HetznerException {
        Objects.requireNonNull(name, "name");
        if (!IMAGE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an image name: " + name);
        }
        if (architecture == Architecture.UNKNOWN) {
            throw new IllegalArgumentException("architecture must be X86 or ARM");
        }
        List<Image> images = read("GET /images?name=" + name, () -> {
            var found = api.getImageByName(name).getImages();
            return found == null ? List.<Image>of() : found.stream().map(LibraryMapping::image).toList();
        });
        return images.stream().filter(i -> i.name().equals(name) && i.architecture() == architecture).findFirst();
    }

    @Override
    public CreatedServer createServer(ServerSpec spec) throws HetznerException {
        CreateServerRequest request = CreateServerRequest.builder()
                .name(spec.name())
                .serverType(spec.serverType())
                .image(spec.image())
                .location(spec.location())
                .userData(spec.userData().isEmpty() ? null : spec.userData())
                .labels(spec.labels())
                .startAfterCreate(true)
                .build();
        return write("POST /servers", () -> {
            CreateServerResponse created = api.createServer(request);
            return new CreatedServer(LibraryMapping.server(created.getServer()),
                    LibraryMapping.action(created.getAction()), LibraryMapping.actions(created.getNextActions()));
        });
    }

    @Override
    public List<Server> servers(String labelSelector) throws HetznerException {
        Objects.requireNonNull(labelSelector, "labelSelector");
        if (labelSelector.isBlank()) {
            throw new IllegalArgumentException("label selector is blank");
        }
        requireQuerySafe(labelSelector, "label selector");
        return allPages("GET /servers", page -> library("GET /servers", () -> {
            var response = api.getServers(labelSelector, new PaginationParameters(page, PER_PAGE));
            return new Page<>(LibraryMapping.servers(response.getServers()),
                    LibraryMapping.nextPage(response.getMeta()));
        }));
    }

    @Override
    public Optional<Server> findServer(long id) throws HetznerException {
        try {
            return Optional.of(read("GET /servers/" + id, () -> LibraryMapping.server(api.getServer(id).getServer())));
        } catch (HetznerException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<Server> findServer(String name) throws HetznerException {
        ServerSpec.requireHostname(name);
        List<Server> found = read("GET /servers?name=" + name,
                () -> LibraryMapping.servers(api.getServer(name).getServers()));
        return found.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    @Override
    public Action deleteServer(long id) throws HetznerException {
        return write("DELETE /servers/" + id, () -> LibraryMapping.action(api.deleteServer(id).getAction()));
    }

    @Override
    public Action powerOff(long id) throws HetznerException {
        return write("POST /servers/" + id + "/actions/poweroff",
                () -> LibraryMapping.action(api.powerOffServer(id).getAction()));
    }

    @Override
    public Action shutdown(long id) throws HetznerException {
        return write("POST /servers/" + id + "/actions/shutdown",
                () -> LibraryMapping.action(api.shutdownServer(id).getAction()));
    }

    @Override
    public Action powerOn(long id) throws HetznerException {
        return write("POST /servers/" + id + "/actions/poweron",
                () -> LibraryMapping.action(api.powerOnServer(id).getAction()));
    }

    @Override
    public Action action(long id) throws HetznerException {
        return read("GET /actions/" + id, () -> LibraryMapping.action(api.getAction(id).getAction()));
    }

    @Override
    public List<Action> actions(Collection<Long> ids) throws HetznerException {
        List<String> all = ids.stream().distinct().map(String::valueOf).toList();
        List<Action> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += PER_PAGE) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + PER_PAGE));
            out.addAll(allPages("GET /actions", page -> direct.get("actions", pageQuery(page, Map.of("id", chunk)),
                    body -> new Page<>(libraryActions(body), JsonMapping.nextPage(body)))));
        }
        return List.copyOf(out);
    }

    @Override
    public Optional<RateLimit> rateLimit() {
        return rateLimits.latest();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private List<Action> libraryActions(JsonNode body) {
        List<Action> out = new ArrayList<>();
        for (JsonNode node : JsonMapping.array(body, "actions")) {
            out.add(LibraryMapping.action(
                    direct.convert(node, me.tomsdevsn.hetznercloud.objects.general.Action.class)));
        }
        return out;
    }

    private <T> T read(String operation, Supplier<T> libraryCall) throws HetznerException {
        ensureOpen();
        return retrier.call(operation, true, () -> library(operation, libraryCall));
    }

    private <T> T write(String operation, Supplier<T> libraryCall) throws HetznerException {
        ensureOpen();
        return retrier.call(operation, false, () -> library(operation, libraryCall));
    }

    /** Every page of a list, each page its own (retried) read; stops at the page without a next_page. */
    private <T> List<T> allPages(String operation, PageCall<T> call) throws HetznerException {
        ensureOpen();
        List<T> all = new ArrayList<>();
        int page = 1;
        while (true) {
            int current = page;
            Page<T> got = retrier.call(operation + " (page " + current + ")", true, () -> call.page(current));
            all.addAll(got.items());
            if (got.next().isEmpty()) {
                return List.copyOf(all);
            }
            long next = got.next().getAsLong();
            if (next <= current || next > Integer.MAX_VALUE) {
                throw HetznerException.invalidResponse(operation,
                        new MalformedResponse("next_page " + next + " does not follow page " + current));
            }
            page = (int) next;
        }
    }

    /** Runs a library call, turning what it throws (a bare RuntimeException around our error) into the typed one. */
    private static <T> T library(String operation, Supplier<T> call) throws HetznerException {
        try {
            return call.get();
        } catch (MalformedResponse e) {
            throw HetznerException.invalidResponse(operation, e);
        } catch (RuntimeException e) {
            throw Failures.typed(operation, e).orElseThrow(() -> e);
        }
    }

    private static Map<String, List<String>> pageQuery(int page, Map<String, List<String>> filters) {
        Map<String, List<String>> query = new LinkedHashMap<>(filters);
        query.put("page", List.of(String.valueOf(page)));
        query.put("per_page", List.of(String.valueOf(PER_PAGE)));
        return query;
    }

    private static void requireQuerySafe(String value, String what) {
        if (UNSAFE_IN_QUERY.matcher(value).find()) {
            throw new IllegalArgumentException(what + " contains one of & # + % ?, which label syntax does not allow: "
                    + value);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the Hetzner client is closed");
        }
    }
}
