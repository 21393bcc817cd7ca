/**
 * Cloud mode: the scheduler's cloud side (Hetzner provisioning, cloud-init rendering, Kafka topic
 * reconciliation, rolling deploys). Not built yet; {@code memrun cloud} says so. The module exists
 * so the dependency direction (cloud-mode knows the SDK, not the CLI) is fixed from the start.
 */
package io.memrun.cloud;
