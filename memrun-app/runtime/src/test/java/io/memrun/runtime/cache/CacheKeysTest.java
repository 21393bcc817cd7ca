package io.memrun.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CacheKeysTest {
    private static final Path DIR = Path.of("/var/lib/memrun/cache/svc");

    @Test
    void newBaseName_pathTraversalUri_staysInsideTheCacheDir() {
        for (String uri : new String[] {"s3://b/../../etc/passwd", "s3://b/..", "s3://b//abs", "s3://b/a\\..\\..\\x"}) {
            String name = CacheKeys.newBaseName(uri);
            Path file = DIR.resolve(name + CacheKeys.OBJECT_SUFFIX).normalize();
            assertEquals(DIR, file.getParent(), uri);
            assertTrue(CacheKeys.belongsTo(name, uri));
        }
    }

    @Test
    void newBaseName_differentUris_differentHashes() {
        assertNotEquals(CacheKeys.hash("s3://b/k1"), CacheKeys.hash("s3://b/k2"));
        assertNotEquals(CacheKeys.hash("s3://b1/k"), CacheKeys.hash("s3://b/1k"));
    }

    @Test
    void newBaseName_sameUriTwice_twoFiles() {
        assertNotEquals(CacheKeys.newBaseName("s3://b/k"), CacheKeys.newBaseName("s3://b/k"));
    }

    @Test
    void belongsTo_nameOfAnotherUriOrTamperedName_isFalse() {
        String name = CacheKeys.newBaseName("s3://b/k");
        assertFalse(CacheKeys.belongsTo(name, "s3://b/other"));
        assertFalse(CacheKeys.belongsTo("../" + name, "s3://b/k"));
        assertFalse(CacheKeys.belongsTo(name + "/../../x", "s3://b/k"));
        assertFalse(CacheKeys.belongsTo(CacheKeys.hash("s3://b/k"), "s3://b/k"));
        assertFalse(CacheKeys.belongsTo(null, "s3://b/k"));
    }

    @Test
    void baseNameOf_cacheFilesOnly_otherNamesAreNull() {
        String name = CacheKeys.newBaseName("s3://b/k");
        assertEquals(name, CacheKeys.baseNameOf(name + ".obj"));
        assertEquals(name, CacheKeys.baseNameOf(name + ".meta"));
        assertNull(CacheKeys.baseNameOf("index.json"));
        assertNull(CacheKeys.baseNameOf("owner"));
        assertNull(CacheKeys.baseNameOf("notes.obj"));
        assertNull(CacheKeys.baseNameOf(name + ".part"));
    }

    @Test
    void decodedFileNames_parseBack_andStrayNamesAreNotCacheFiles() {
        String base = CacheKeys.newBaseName("s3://b/k");
        String file = CacheKeys.decodedFileName(base, "csv-columns-v1");
        org.junit.jupiter.api.Assertions.assertEquals("csv-columns-v1", CacheKeys.formNameOf(file));
        org.junit.jupiter.api.Assertions.assertEquals(base, CacheKeys.baseNameOf(file));
        for (String stray : new String[] {"foo.decoded", ".decoded", "x..decoded", base + "..decoded", base + ".UPPER.decoded"}) {
            org.junit.jupiter.api.Assertions.assertNull(CacheKeys.baseNameOf(stray), stray);
        }
    }
}
