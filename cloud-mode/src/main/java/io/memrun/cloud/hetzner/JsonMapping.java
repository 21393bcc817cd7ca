package io.memrun.cloud.hetzner;

import static io.memrun.cloud.hetzner.MalformedResponse.present;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Hetzner JSON read directly, for what the library cannot return (prices, see {@link DirectCalls}). */
final class JsonMapping {

    /** Hetzner's "GB" of memory and disk, taken as binary. */
    private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);

    private JsonMapping() {
    }

    static List<ServerType> serverTypes(JsonNode body) {
        List<ServerType> out = new ArrayList<>();
        for (JsonNode t : array(body, "server_types")) {
            List<ServerType.Price> prices = new ArrayList<>();
            for (JsonNode p : t.path("prices")) {
                prices.add(new ServerType.Price(present(textOrNull(p.path("location")), "price location"),
                        decimal(p.path("price_hourly").path("net")), decimal(p.path("price_hourly").path("gross")),
                        decimal(p.path("price_monthly").path("net")), decimal(p.path("price_monthly").path("gross"))));
            }
            boolean deprecated = t.path("deprecated").asBoolean(false)
                    || (t.has("deprecation") && !t.path("deprecation").isNull());
            out.add(new ServerType(id(t, "server type id"), present(textOrNull(t.path("name")), "server type name"),
                    t.path("cores").asInt(), bytes(t.path("memory")), bytes(t.path("disk")),
                    Architecture.of(t.path("architecture").asText()), deprecated, prices));
        }
        return out;
    }

    /** {@code meta.pagination.next_page}, empty on the last page. */
    static OptionalLong nextPage(JsonNode body) {
        JsonNode next = body.path("meta").path("pagination").path("next_page");
        return next.canConvertToLong() ? OptionalLong.of(next.asLong()) : OptionalLong.empty();
    }

    static JsonNode array(JsonNode body, String field) {
        JsonNode array = body.path(field);
        if (!array.isArray()) {
            throw new MalformedResponse("response without the array " + field);
        }
        return array;
    }

    private static long id(JsonNode node, String what) {
        JsonNode id = node.path("id");
        if (!id.canConvertToLong()) {
            throw new MalformedResponse("response without " + what);
        }
        return id.asLong();
    }

    /** Prices come as strings ("0.0071400000000000"), sizes as numbers; both read exactly. */
    private static BigDecimal decimal(JsonNode node) {
        String text = present(textOrNull(node), "price");
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new MalformedResponse("price is not a number: " + text);
        }
    }

    private static long bytes(JsonNode gigabytes) {
        return gigabytes.isNumber() ? gigabytes.decimalValue().multiply(GIB).longValue() : 0L;
    }

    private static String textOrNull(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }
}
