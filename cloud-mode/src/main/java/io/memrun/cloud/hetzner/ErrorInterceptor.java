package io.memrun.cloud.hetzner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Turns every failed exchange into a {@link HetznerException} at the source, where the status, body and
 * headers are still at hand: a non-2xx response (Hetzner's {@code {"error":{"code","message"}}} or any
 * other body) and a failure to get a response at all. It is an {@link IOException}, so OkHttp passes it
 * through {@code Call.execute()} unchanged; the library wraps it in a {@code RuntimeException}, which
 * {@link Failures} unwraps. The library itself would parse the error into an enum and fail on codes it
 * does not know ({@code unauthorized}) or on a non-JSON body, losing the status.
 */
final class ErrorInterceptor implements Interceptor {

    private static final long MAX_BODY_BYTES = 16 * 1024;
    private static final int SNIPPET_CHARS = 200;

    private final ObjectMapper json;
    private final String token;

    ErrorInterceptor(ObjectMapper json, String token) {
        this.json = json;
        this.token = token;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String operation = request.method() + " " + request.url().encodedPath();
        Response response;
        try {
            response = chain.proceed(request);
        } catch (HetznerException e) {
            throw e;
        } catch (IOException e) {
            throw HetznerException.network(operation, e);
        }
        if (response.isSuccessful()) {
            return response;
        }
        String body;
        try (response) {
            body = response.peekBody(MAX_BODY_BYTES).string();
        } catch (IOException e) {
            body = ""; // the status still says what happened
        }
        throw toException(operation, response.code(), body,
                RateLimitRecorder.parse(response.headers()).orElse(null));
    }

    HetznerException toException(String operation, int status, String body, RateLimit rateLimit) {
        String code = null;
        String message = "";
        try {
            JsonNode error = json.readTree(body).path("error");
            if (error.path("code").isTextual()) {
                code = error.path("code").asText();
                message = error.path("message").asText("") + fields(error.path("details").path("fields"));
            }
        } catch (JsonProcessingException notJson) {
            // Not Hetzner's error document (a proxy's or gateway's page): described from the status below.
        }
        if (HetznerException.UNAUTHORIZED.equals(code) || (code == null && status == 401)) {
            code = HetznerException.UNAUTHORIZED;
            message = "Hetzner rejected the token";
        } else if (code == null) {
            code = HetznerException.HTTP_ERROR;
            message = "response without a Hetzner error: " + snippet(body);
        }
        return new HetznerException(operation, status, code, redacted(message), rateLimit, null);
    }

    /** Hetzner's {@code details.fields} of an invalid_input or uniqueness_error, e.g. " [name: is too long]". */
    private static String fields(JsonNode fields) {
        if (!fields.isArray() || fields.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(" [");
        for (JsonNode field : fields) {
            if (out.length() > 2) {
                out.append("; ");
            }
            out.append(field.path("name").asText("?"));
            JsonNode messages = field.path("messages");
            if (messages.isArray() && !messages.isEmpty()) {
                out.append(": ");
                for (int i = 0; i < messages.size(); i++) {
                    out.append(i > 0 ? ", " : "").append(messages.get(i).asText());
                }
            }
        }
        return out.append(']').toString();
    }

    private static String snippet(String body) {
        String flat = body.strip().replaceAll("\\s+", " ");
        if (flat.isEmpty()) {
            return "(empty body)";
        }
        return flat.length() <= SNIPPET_CHARS ? flat : flat.substring(0, SNIPPET_CHARS) + "...";
    }

    /** A body could echo the request (a debugging proxy); the token must never reach a message. */
    private String redacted(String message) {
        return message.replace(token, "<redacted>");
    }
}
