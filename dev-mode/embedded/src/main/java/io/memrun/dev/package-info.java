/**
 * Local infrastructure for {@code memrun dev} and for memrun's integration tests: a real Kafka
 * broker ({@link io.memrun.dev.EmbeddedKafkaBroker}) and an S3-compatible object store
 * ({@link io.memrun.dev.EmbeddedObjectStore}), each running inside the JVM with its data in a
 * directory of the caller's choosing.
 *
 * <p>Both follow one shape: a static {@code start} blocks until the service answers real client
 * requests (or throws {@link io.memrun.dev.StartupException} having stopped whatever it had
 * started), accessors give its address, and {@code close} stops it and keeps the data. Neither
 * reads system properties or environment variables; all configuration is in the arguments.
 */
package io.memrun.dev;
