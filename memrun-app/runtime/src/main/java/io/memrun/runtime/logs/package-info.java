/** Worker log lines shipped to the control plane through Kafka, bounded and batched. */
package io.memrun.runtime.logs;
