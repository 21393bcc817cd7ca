package io.memrun.examples.analytics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memrun.sdk.HandlerException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/** Runs a {@link Query} over a {@link CsvTable} and shapes the reply. Stateless. */
final class QueryEngine {
    private static final int MAX_LISTED_COLUMNS = 20;

    private QueryEngine() {
    }

    /** {@code {"rows": n, "value": x}} or {@code {"rows": n, "groups": {...}}}; a 400 for a bad column. */
    static ObjectNode run(Query query, CsvTable table) {
        Column value = query.column() == null ? null : resolve(table, query.column(), "query.column");
        if (query.op().numeric()) {
            requireNumeric(value, query.op());
        }
        Column group = query.groupBy() == null ? null : resolve(table, query.groupBy(), "query.group_by");
        boolean integral = query.op() == Op.COUNT || value.integral();
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.put("rows", table.rows());
        if (group == null) {
            Aggregator all = new Aggregator();
            for (int row = 0; row < table.rows(); row++) {
                feed(all, value, row);
            }
            reply.set("value", all.result(query.op(), integral));
        } else {
            ObjectNode groups = reply.putObject("groups");
            BiConsumer<String, Aggregator> emit = (key, aggregator) -> groups.set(key, aggregator.result(query.op(), integral));
            if (group.numeric()) {
                groupByNumber(table, value, group).forEach((key, aggregator) -> emit.accept(Numbers.format(key), aggregator));
            } else {
                groupByText(table, value, group, emit);
            }
        }
        return reply;
    }

    /** Groups keyed by number, in numeric order; the empty group (NaN) sorts last. */
    private static TreeMap<Double, Aggregator> groupByNumber(CsvTable table, Column value, Column group) {
        Map<Double, Aggregator> groups = new HashMap<>();
        double[] keys = group.numbers();
        for (int row = 0; row < table.rows(); row++) {
            double key = keys[row] == 0 ? 0.0 : keys[row]; // -0 and 0 are one group, "0"
            feed(groups.computeIfAbsent(key, k -> new Aggregator()), value, row);
        }
        return new TreeMap<>(groups);
    }

    /** Groups indexed by dictionary code, emitted in text order. */
    private static void groupByText(CsvTable table, Column value, Column group, BiConsumer<String, Aggregator> emit) {
        String[] dictionary = group.dictionary();
        Aggregator[] groups = new Aggregator[dictionary.length];
        int[] codes = group.codes();
        for (int row = 0; row < table.rows(); row++) {
            Aggregator aggregator = groups[codes[row]];
            if (aggregator == null) {
                aggregator = groups[codes[row]] = new Aggregator();
            }
            feed(aggregator, value, row);
        }
        Integer[] order = new Integer[dictionary.length];
        Arrays.setAll(order, code -> code);
        Arrays.sort(order, Comparator.comparing(code -> dictionary[code]));
        for (int code : order) {
            if (groups[code] != null) { // code 0, the empty value, may occur in no row
                emit.accept(dictionary[code], groups[code]);
            }
        }
    }

    private static void feed(Aggregator aggregator, Column value, int row) {
        if (value == null) {
            aggregator.addPresent();
        } else if (value.numeric()) {
            aggregator.add(value.numbers()[row]);
        } else if (value.codes()[row] != 0) {
            aggregator.addPresent();
        }
    }

    private static Column resolve(CsvTable table, String name, String field) {
        int index = table.indexOf(name);
        if (index < 0) {
            throw HandlerException.badRequest(field + " names unknown column '" + Texts.clip(name)
                    + "': available columns are " + Texts.list(table.header(), MAX_LISTED_COLUMNS));
        }
        return table.column(index);
    }

    private static void requireNumeric(Column value, Op op) {
        if (!value.numeric()) {
            String sample = value.text(value.firstTextRow() - 1);
            throw HandlerException.badRequest("op '" + op.wireName() + "' needs numbers, but column '"
                    + Texts.clip(value.name()) + "' has the non-numeric value '" + Texts.clip(sample) + "' in row "
                    + value.firstTextRow() + " (line " + value.firstTextLine() + " of the file):"
                    + " fix that value or use op 'count'");
        }
    }
}
