package io.memrun.cloud.hetzner.sim;

import io.helidon.common.parameters.Parameters;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Hetzner's {@code sort} query parameter: {@code field}, {@code field:asc} or {@code field:desc},
 * repeatable (the first decides, later ones break ties). An unknown field is a 400
 * {@code invalid_input}.
 */
final class Sorting {
    private Sorting() {
    }

    /** The order {@code query}'s {@code sort} asks for, over {@code fields}; by id when none. */
    static <T> Comparator<T> of(Parameters query, Map<String, Comparator<T>> fields, Comparator<T> byId) {
        List<String> sorts = query.contains("sort") ? query.all("sort") : List.of();
        Comparator<T> order = null;
        for (String sort : sorts) {
            String[] parts = sort.split(":", 2);
            Comparator<T> field = fields.get(parts[0]);
            if (field == null || parts.length == 2 && !parts[1].equals("asc") && !parts[1].equals("desc")) {
                throw HetznerError.invalidInput("sort", "cannot sort by '" + sort + "'; use one of "
                        + fields.keySet() + " with :asc or :desc");
            }
            if (parts.length == 2 && parts[1].equals("desc")) {
                field = field.reversed();
            }
            order = order == null ? field : order.thenComparing(field);
        }
        return order == null ? byId : order.thenComparing(byId);
    }
}
