package io.memrun.examples.analytics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memrun.sdk.HandlerException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Runs a {@link Query} over a {@link CsvTable} and shapes the reply. A table of
 * {@value #PARALLEL_ROWS} rows or more is scanned in row ranges on every core (the common
 * fork-join pool plus the calling thread), each range into its own aggregators, merged in row
 * order. A warm query is nothing but this scan, so each range is scanned by a loop made for the
 * op and the value column's kind ({@link Aggregator#addNumbers}, {@link CodeGroups}) rather than
 * one per-row call that asks both on every row; all paths do the same arithmetic in the same
 * order, so results do not depend on which loop ran. Stateless.
 */
final class QueryEngine {
    private static final int MAX_LISTED_COLUMNS = 20;
    /** Below this many rows one thread scans faster than several start. */
    static final int PARALLEL_ROWS = 1 << 20;

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
            Aggregator all = scan(table.rows(), Aggregator::new, (a, from, to) -> {
                if (value == null) {
                    a.addPresent(to - from);
                } else if (value.numeric()) {
                    a.addNumbers(value.numbers(), from, to, query.op());
                } else {
                    a.addPresentTexts(value.codes(), from, to);
                }
            }, (a, b) -> {
                a.merge(b);
                return a;
            });
            reply.set("value", all.result(query.op(), integral));
        } else {
            ObjectNode groups = reply.putObject("groups");
            if (group.numeric()) {
                groupByNumber(table, value, group).forEach((key, aggregator) -> groups.set(Numbers.format(key),
                        aggregator.result(query.op(), integral)));
            } else {
                groupByText(table, query, value, group, integral, groups);
            }
        }
        return reply;
    }

    /** One row range's scan into its own accumulation. */
    @FunctionalInterface
    private interface RangeScan<A> {
        void scan(A into, int fromRow, int toRow);
    }

    /**
     * Scans rows {@code [0, rows)}: in one range on this thread for a small table, otherwise in one
     * range per core, each into a fresh accumulation, merged in row order.
     */
    private static <A> A scan(int rows, Supplier<A> fresh, RangeScan<A> scan, BinaryOperator<A> merge) {
        int parts = rows >= PARALLEL_ROWS ? Runtime.getRuntime().availableProcessors() : 1;
        if (parts == 1) {
            A all = fresh.get();
            scan.scan(all, 0, rows);
            return all;
        }
        return IntStream.range(0, parts).parallel().mapToObj(p -> {
            A part = fresh.get();
            scan.scan(part, (int) ((long) rows * p / parts), (int) ((long) rows * (p + 1) / parts));
            return part;
        }).reduce(merge).orElseThrow();
    }

    /** Groups keyed by number, in numeric order; the empty group (NaN) sorts last. */
    private static TreeMap<Double, Aggregator> groupByNumber(CsvTable table, Column value, Column group) {
        double[] keys = group.numbers();
        Map<Double, Aggregator> groups = scan(table.rows(), HashMap<Double, Aggregator>::new, (part, from, to) -> {
            for (int row = from; row < to; row++) {
                double key = keys[row] == 0 ? 0.0 : keys[row]; // -0 and 0 are one group, "0"
                feed(part.computeIfAbsent(key, k -> new Aggregator()), value, row);
            }
        }, (a, b) -> {
            b.forEach((key, aggregator) -> a.merge(key, aggregator, (x, y) -> {
                x.merge(y);
                return x;
            }));
            return a;
        });
        return new TreeMap<>(groups);
    }

    /** Groups indexed by dictionary code, emitted in text order. */
    private static void groupByText(CsvTable table, Query query, Column value, Column group, boolean integral,
            ObjectNode into) {
        String[] dictionary = group.dictionary();
        int[] codes = group.codes();
        CodeGroups groups = scan(table.rows(), () -> new CodeGroups(dictionary.length, query.op()),
                (part, from, to) -> part.scan(codes, value, from, to), CodeGroups::merge);
        Integer[] order = new Integer[dictionary.length];
        Arrays.setAll(order, code -> code);
        Arrays.sort(order, Comparator.comparing(code -> dictionary[code]));
        for (int code : order) {
            if (groups.occurs(code)) { // code 0, the empty value, may occur in no row
                into.set(dictionary[code], groups.result(code, integral));
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
