package io.memrun.runtime.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.ServerRequest;
import io.memrun.runtime.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads and validates an untrusted JSON request body, answering every problem with a 4xx. */
final class RequestBodies {
    private final int maxBytes;
    private final ObjectMapper strict;

    RequestBodies(int maxBytes) {
        this.maxBytes = maxBytes;
        this.strict = Json.strict(maxBytes);
    }

    /** The body's bytes, at most the limit. */
    byte[] read(ServerRequest req) {
        req.headers().contentLength().ifPresent(len -> {
            if (len > maxBytes) {
                throw tooLarge(len);
            }
        });
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge(-1);
            }
            return body;
        } catch (IOException | UncheckedIOException e) {
            throw new ApiException(400, "unreadable body", "the request body could not be read: " + e.getMessage(), true);
        } catch (RuntimeException e) {
            // Helidon's HTTP/1 decoder fails malformed framing (a bad chunk size, and chunk extensions
            // such as `5;ext=1`, which it does not parse) with unchecked exceptions. The answer closes
            // the connection: what follows a broken body is not a request.
            throw new ApiException(400, "malformed body", "the request body's framing is invalid (" + e.getMessage()
                    + "); send a Content-Length body, or chunks without extensions (Helidon's HTTP/1 decoder"
                    + " does not parse them)", true);
        }
    }

    private ApiException tooLarge(long length) {
        return new ApiException(413, "body too large", "the request body is " + (length >= 0 ? length + " bytes" : "larger than the limit")
                + "; the limit is " + maxBytes + " bytes (start memrun with a larger --max-body to raise it)", true);
    }

    /** The body as a JSON object: strict (no duplicate keys, no trailing data, bounded nesting). */
    ObjectNode parseObject(byte[] body) {
        if (body.length == 0) {
            throw new ApiException(400, "empty body", "send a JSON object, e.g. {\"user_id\": \"u1\", ...}");
        }
        JsonNode node;
        try {
            node = strict.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new ApiException(400, "request too complex", firstLine(e) + " (nesting is limited to "
                    + Json.MAX_NESTING + " levels)");
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "invalid JSON", firstLine(e));
        } catch (IOException e) {
            throw new ApiException(400, "invalid JSON", e.getMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ApiException(400, "not a JSON object", "the body must be a JSON object, not " + describe(node));
        }
        return object;
    }

    private static String describe(JsonNode node) {
        return node == null || node.isMissingNode() ? "nothing" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static String firstLine(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return (m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m)) + where;
    }
}
