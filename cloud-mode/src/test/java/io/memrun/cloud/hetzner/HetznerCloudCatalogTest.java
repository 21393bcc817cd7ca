package io.memrun.cloud.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server types, locations and images. */
class HetznerCloudCatalogTest {

    private static final long GIB = 1L << 30;

    private final FakeSleeper sleeper = new FakeSleeper();
    private ScriptedHetzner api;
    private HetznerCloud hetzner;

    @BeforeEach
    void start() throws IOException {
        api = ScriptedHetzner.start();
        hetzner = api.client(sleeper, RetryPolicy.defaults());
    }

    @AfterEach
    void stop() {
        hetzner.close();
        api.close();
    }

    @Test
    void serverTypes_twoPages_everyTypeWithExactPricesPerLocation() throws Exception {
        api.reply(200, HetznerJson.serverTypesPage(1, 2, 2, 3,
                        HetznerJson.serverType(1, "cx22", 2, "4", 40, "x86", false),
                        HetznerJson.serverType(2, "cx11", 1, "2.0", 20, "x86", true)))
                .reply(200, HetznerJson.serverTypesPage(2, null, 2, 3,
                        HetznerJson.serverType(45, "cax11", 2, "4", 40, "arm", false)));

        List<ServerType> types = hetzner.serverTypes();

        assertEquals(List.of("cx22", "cx11", "cax11"), types.stream().map(ServerType::name).toList());
        assertEquals(List.of("1", "2"), api.requests().stream().map(r -> r.param("page")).toList());
        assertEquals("/v1/server_types", api.request(0).path());
        assertEquals("50", api.request(0).param("per_page"));

        ServerType cx22 = types.getFirst();
        assertEquals(2, cx22.cores());
        assertEquals(4 * GIB, cx22.memoryBytes());
        assertEquals(40 * GIB, cx22.diskBytes());
        assertEquals(Architecture.X86, cx22.architecture());
        assertFalse(cx22.deprecated());
        assertEquals(new ServerType.Price("fsn1", new BigDecimal("0.0060000000"), new BigDecimal("0.0071400000000000"),
                new BigDecimal("3.7900000000"), new BigDecimal("4.5101000000000000")), cx22.priceIn("fsn1").orElseThrow());
        assertEquals(List.of("fsn1", "hel1"), cx22.prices().stream().map(ServerType.Price::location).toList());
        assertEquals(Optional.empty(), cx22.priceIn("ash"));

        assertTrue(types.get(1).deprecated());
        assertEquals(Architecture.ARM, types.get(2).architecture());
    }

    @Test
    void locations_list_mapsFields() throws Exception {
        api.reply(200, HetznerJson.locations(HetznerJson.location(1, "fsn1"), HetznerJson.location(3, "hel1")));

        List<Location> locations = hetzner.locations();

        assertEquals("/v1/locations", api.request(0).path());
        assertEquals(new Location(1, "fsn1", "Falkenstein DC Park 1", "DE", "Falkenstein", "eu-central"),
                locations.getFirst());
        assertEquals(List.of("fsn1", "hel1"), locations.stream().map(Location::name).toList());
    }

    @Test
    void findImage_sameNameOnTwoArchitectures_picksTheRequestedOne() throws Exception {
        api.reply(200, HetznerJson.images(HetznerJson.image(1, "debian-13", "x86"),
                HetznerJson.image(2, "debian-13", "arm")));

        Image image = hetzner.findImage("debian-13", Architecture.ARM).orElseThrow();

        assertEquals("/v1/images", api.request(0).path());
        assertEquals("debian-13", api.request(0).param("name"));
        assertEquals(new Image(2, "debian-13", "Debian 13", Architecture.ARM, "debian", "13", false), image);
    }

    @Test
    void findImage_noSuchName_empty() throws Exception {
        api.reply(200, HetznerJson.images());

        assertEquals(Optional.empty(), hetzner.findImage("debian-99", Architecture.X86));
    }
}
