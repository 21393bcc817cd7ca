package io.memrun.runtime.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The platform's JSON mappers. {@link #strict()} reads untrusted request bodies: duplicate keys
 * are an error (a body with two {@code user_id} fields must not be routed on one and handled on
 * the other), trailing tokens are an error, and nesting, string and number sizes are bounded.
 */
public final class Json {
    /** The deepest nesting a request may have. */
    public static final int MAX_NESTING = 64;
    /** The longest number literal accepted, in characters. */
    public static final int MAX_NUMBER_LENGTH = 100;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** A mapper for trusted data (our own replies, registry rows). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A mapper for untrusted request bodies up to {@code maxBodyBytes}. */
    public static ObjectMapper strict(int maxBodyBytes) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(maxBodyBytes)
                        .maxDocumentLength(maxBodyBytes)
                        .build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        ObjectMapper m = new ObjectMapper(factory);
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        m.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        m.disable(JsonParser.Feature.ALLOW_COMMENTS);
        return m;
    }

    /** {@code {"error": error, "detail": detail}} as bytes. */
    public static byte[] error(String error, String detail) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("error", error);
        node.put("detail", detail);
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
