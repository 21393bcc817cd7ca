package io.memrun.runtime.objectstore;

import java.net.URI;
import java.util.Objects;

/**
 * Where the object store is and how to sign requests to it. {@link #toString()} never shows the
 * secret.
 *
 * @param endpoint e.g. {@code http://localhost:9000}
 * @param accessKey the access key id
 * @param secretKey the secret key
 * @param region the signing region; S3-compatible stores usually accept {@code us-east-1}
 */
public record ObjectStoreSettings(URI endpoint, String accessKey, String secretKey, String region) {
    public ObjectStoreSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.getScheme() == null || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))) {
            throw new IllegalArgumentException("object store endpoint must be an http:// or https:// URL, was " + endpoint);
        }
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(region, "region");
    }

    @Override
    public String toString() {
        return "ObjectStoreSettings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", region=" + region + "]";
    }
}
