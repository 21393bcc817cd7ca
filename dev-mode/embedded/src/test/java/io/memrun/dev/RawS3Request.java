package io.memrun.dev;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A bodiless S3 request signed by hand (signature version 2), for what the client libraries
 * refuse to send: both the AWS SDK and minio-java reject an invalid bucket name before any
 * request leaves, so only a raw request shows what the server does with one.
 */
record RawS3Request(String method, String path) {

    record Response(int status, String body) {
    }

    Response send(S3Target target) throws IOException, InterruptedException {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        // With x-amz-date set, the Date line of the string to sign stays empty.
        String stringToSign = method + "\n\n\n\nx-amz-date:" + date + "\n" + path;
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.endpoint() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("x-amz-date", date)
                .header("Authorization", "AWS " + target.accessKey() + ":" + sign(target.secretKey(), stringToSign))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        }
    }

    private static String sign(String secret, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
