/**
 * Warm handoff: a worker that is about to be replaced publishes its hot set (the objects its
 * partitions used most) to the object store; its successor, booted in standby, fetches that set
 * into its own disk cache within a bandwidth budget before it takes the slot's partitions.
 */
package io.memrun.runtime.handoff;
