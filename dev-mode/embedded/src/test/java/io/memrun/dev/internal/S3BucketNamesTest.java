package io.memrun.dev.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3BucketNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc", "memrun-data", "my.bucket.2024", "0-starts-with-digit",
        "exactly-sixty-three-characters-long-bucket-name-0123456789abcde"})
    void violation_validName_isEmpty(String name) {
        assertEquals(Optional.empty(), S3BucketNames.violation(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ab", "exactly-sixty-four-characters-long-bucket-name-0123456789abcdefg",
        "Capital", "under_score", "-hyphen-first", "hyphen-last-", ".dot-first", "dot-last.", "two..dots",
        "10.0.0.1", "xn--punycode", "name-s3alias", "space in-name"})
    void violation_invalidName_explainsTheRule(String name) {
        assertTrue(S3BucketNames.violation(name).isPresent(), name);
    }
}
