package io.memrun.runtime.cache;

import io.memrun.sdk.Sizes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a cache's entries when it opens, from {@code index.json} where it is readable and from
 * the {@code .meta} sidecars for whatever the index does not list (an index that is missing,
 * truncated or garbage, or older than the last downloads before a crash). A file is kept only if
 * its length matches its record; everything else in the directory that looks like a cache file is
 * deleted. Structures decoded from a kept object stay with it. The outcome is logged in one line.
 */
final class CacheRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(CacheRecovery.class);

    private CacheRecovery() {
    }

    /** The recovered entries, least recently used first; their files are adopted by {@code files}. */
    static List<CacheEntry> recover(CacheDirectory files, CacheIndexFile indexFile) throws IOException {
        CacheIndexFile.Loaded index = indexFile.load();
        Map<String, Long> onDisk = files.listObjects();
        Map<String, EntryRecord> byUri = new HashMap<>();
        Set<String> listed = new HashSet<>();
        for (EntryRecord r : index.records()) {
            if (Long.valueOf(r.size()).equals(onDisk.get(r.file()))) {
                listed.add(r.file());
                keepNewest(byUri, r);
            }
        }
        int fromSidecars = 0;
        for (Map.Entry<String, Long> f : onDisk.entrySet()) {
            if (listed.contains(f.getKey())) {
                continue;
            }
            EntryRecord r = files.readMeta(f.getKey());
            if (r != null && r.size() == f.getValue()) {
                fromSidecars++;
                keepNewest(byUri, r);
            }
        }
        Map<String, Map<String, Long>> decoded = files.listDecoded();
        List<CacheEntry> entries = new ArrayList<>();
        long bytes = 0;
        for (EntryRecord r : byUri.values()) {
            CacheEntry e = CacheEntry.recovered(r);
            files.adopt(r.file());
            // Decoded files are kept as found; each is checked against its object when it is read.
            decoded.getOrDefault(r.file(), Map.of()).forEach((form, length) -> {
                files.addDecoded(r.file(), form, length);
                e.addDecodedBytes(length);
            });
            entries.add(e);
            bytes += e.footprint();
        }
        entries.sort(Comparator.comparingLong(CacheEntry::lastAccess));
        int orphans = files.deleteOrphans();
        log(files, index, entries.size(), fromSidecars, bytes, orphans);
        return entries;
    }

    /** Two files for one URI happen after a crash mid-refetch; the later download wins. */
    private static void keepNewest(Map<String, EntryRecord> byUri, EntryRecord r) {
        byUri.merge(r.uri(), r, (a, b) -> a.fetchedAt() >= b.fetchedAt() ? a : b);
    }

    private static void log(CacheDirectory files, CacheIndexFile.Loaded index, int count, int fromSidecars,
                            long bytes, int orphans) {
        String tail = count + " objects (" + Sizes.format(bytes) + ")"
                + (orphans > 0 ? "; removed " + orphans + " orphan files" : "");
        switch (index.status()) {
            case LOADED -> LOG.info("cache {}: recovered {} from index.json{}", files, tail,
                    fromSidecars > 0 ? " and " + fromSidecars + " newer sidecars" : "");
            case MISSING -> LOG.info("cache {}: no index.json; {} {}", files,
                    count > 0 ? "rebuilt from the files on disk:" : "starting empty:", tail);
            case UNREADABLE -> LOG.warn("cache {}: index.json is unreadable ({}); rebuilt from the files on disk: {}",
                    files, index.reason(), tail);
        }
    }
}
