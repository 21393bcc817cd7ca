package io.memrun.cloud.hetzner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * GETs the library cannot make or whose answer it cannot hand over, sent through the same
 * {@link OkHttpClient} (so the same endpoint rewriting, rate-limit recording and typed errors apply) and
 * read with Jackson: server types with their prices (the library's {@code Price} class is package-private
 * and holds money as {@code Double}) and actions by a list of ids (the library has no such call).
 */
final class DirectCalls {

    private final OkHttpClient http;
    private final ObjectMapper json;
    private final String token;

    DirectCalls(OkHttpClient http, ObjectMapper json, String token) {
        this.http = http;
        this.json = json;
        this.token = token;
    }

    /**
     * GETs {@code path} with {@code query} (each value URL-encoded) and maps the JSON body; a body that does
     * not map is {@code invalid_response}.
     */
    <T> T get(String path, Map<String, List<String>> query, Function<JsonNode, T> mapper) throws HetznerException {
        HttpUrl.Builder url = EndpointInterceptor.LIBRARY_BASE.newBuilder().addPathSegments(path);
        query.forEach((name, values) -> values.forEach(value -> url.addQueryParameter(name, value)));
        Request request = new Request.Builder()
                .url(url.build())
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .get()
                .build();
        String operation = "GET /" + path;
        JsonNode body;
        try (Response response = http.newCall(request).execute()) {
            ResponseBody responseBody = response.body();
            body = json.readTree(responseBody == null ? "" : responseBody.string());
        } catch (IOException e) {
            throw Failures.typed(operation, e).orElseThrow();
        }
        try {
            return mapper.apply(body);
        } catch (MalformedResponse | IllegalArgumentException e) {
            throw HetznerException.invalidResponse(operation, e);
        }
    }

    /** Converts JSON into one of the library's model types (to share its mapping). */
    <T> T convert(JsonNode node, Class<T> type) {
        return json.convertValue(node, type);
    }
}
