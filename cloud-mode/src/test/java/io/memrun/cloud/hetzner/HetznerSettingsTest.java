package io.memrun.cloud.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HetznerSettingsTest {

    @Test
    void fromEnvironment_tokenMissing_namesTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HetznerSettings.fromEnvironment(Map.of()));

        assertTrue(e.getMessage().contains("HCLOUD_TOKEN"), e.getMessage());
    }

    @Test
    void fromEnvironment_tokenBlank_namesTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HetznerCloud.fromEnvironment(Map.of("HCLOUD_TOKEN", "  ")));

        assertTrue(e.getMessage().contains("HCLOUD_TOKEN"), e.getMessage());
    }

    @Test
    void fromEnvironment_endpointUnset_hetznersPublicApi() {
        HetznerSettings settings = HetznerSettings.fromEnvironment(Map.of("HCLOUD_TOKEN", "abc\n"));

        assertEquals(URI.create("https://api.hetzner.cloud/v1"), settings.endpoint());
        assertEquals("abc", settings.token());
        assertEquals(RetryPolicy.defaults(), settings.retry());
    }

    @Test
    void fromEnvironment_endpointSet_usedWithoutTrailingSlash() {
        HetznerSettings settings = HetznerSettings.fromEnvironment(
                Map.of("HCLOUD_TOKEN", "abc", "HCLOUD_ENDPOINT", "http://127.0.0.1:8089/v1/"));

        assertEquals(URI.create("http://127.0.0.1:8089/v1"), settings.endpoint());
    }

    @Test
    void fromEnvironment_endpointNotHttp_namesTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HetznerSettings.fromEnvironment(
                Map.of("HCLOUD_TOKEN", "abc", "HCLOUD_ENDPOINT", "ftp://example.com/v1")));

        assertTrue(e.getMessage().contains("HCLOUD_ENDPOINT"), e.getMessage());
    }

    @Test
    void toString_always_redactsTheToken() {
        HetznerSettings settings = HetznerSettings.of("very-secret-token");

        assertFalse(settings.toString().contains("very-secret-token"), settings.toString());
    }

    @Test
    void constructor_tokenWithInnerWhitespace_rejected() {
        assertThrows(IllegalArgumentException.class, () -> HetznerSettings.of("abc def"));
    }
}
