package io.memrun.dev;

import java.net.URI;
import java.util.Locale;
import java.util.UUID;

import io.minio.MinioClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** An S3 endpoint under test and the two client libraries memrun may meet it with. */
record S3Target(URI endpoint, String accessKey, String secretKey, String region) {

    static S3Target of(EmbeddedObjectStore store) {
        return new S3Target(store.endpoint(), store.accessKey(), store.secretKey(), store.region());
    }

    /**
     * AWS SDK v2 configured as for any S3-compatible store: path-style addressing, and
     * checksums only where the API requires them (the SDK's default since 2.30, streaming
     * checksums on every upload, is not understood by most of them).
     */
    S3Client aws() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    MinioClient minio() {
        return MinioClient.builder()
                .endpoint(endpoint.toString())
                .region(region)
                .credentials(accessKey, secretKey)
                .build();
    }

    /** A bucket name no other test uses, valid under S3's rules. */
    static String uniqueBucket(String prefix) {
        return (prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)).toLowerCase(Locale.ROOT);
    }
}
