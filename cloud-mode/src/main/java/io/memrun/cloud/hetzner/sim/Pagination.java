package io.memrun.cloud.hetzner.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.common.parameters.Parameters;
import java.util.List;

/**
 * Hetzner's pagination: {@code page} from 1, {@code per_page} 25 by default and at most 50 (more
 * is capped, as the API does), {@code meta.pagination} with {@code previous_page}/{@code next_page}
 * {@code null} at the ends. A page past the last one is empty.
 */
record Pagination(int page, int perPage) {
    static final int DEFAULT_PER_PAGE = 25;
    static final int MAX_PER_PAGE = 50;

    /** Reads {@code page} and {@code per_page}; anything but a positive integer is a 400 {@code invalid_input}. */
    static Pagination of(Parameters query) {
        int page = positive(query, "page", 1);
        int perPage = Math.min(MAX_PER_PAGE, positive(query, "per_page", DEFAULT_PER_PAGE));
        return new Pagination(page, perPage);
    }

    /** This page of {@code all}. */
    <T> List<T> slice(List<T> all) {
        long from = (long) (page - 1) * perPage;
        if (from >= all.size()) {
            return List.of();
        }
        return all.subList((int) from, (int) Math.min(all.size(), from + perPage));
    }

    /** Adds {@code meta.pagination} for {@code total} entries to {@code body}. */
    void meta(ObjectNode body, int total) {
        int lastPage = Math.max(1, (total + perPage - 1) / perPage);
        ObjectNode p = body.putObject("meta").putObject("pagination");
        p.put("page", page);
        p.put("per_page", perPage);
        if (page > 1) {
            p.put("previous_page", Math.min(page - 1, lastPage));
        } else {
            p.putNull("previous_page");
        }
        if (page < lastPage) {
            p.put("next_page", page + 1);
        } else {
            p.putNull("next_page");
        }
        p.put("last_page", lastPage);
        p.put("total_entries", total);
    }

    private static int positive(Parameters query, String name, int otherwise) {
        if (!query.contains(name)) {
            return otherwise;
        }
        String raw = query.first(name).orElse("");
        try {
            int v = Integer.parseInt(raw.strip());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw HetznerError.invalidInput(name, name + " must be a positive integer, was '" + raw + "'");
    }
}
