/**
 * A Hetzner-Cloud-API-compatible server whose VMs are local processes ({@link
 * io.memrun.cloud.hetzner.sim.HetznerSim}): how cloud mode is run and tested on one machine, and
 * how a user rehearses a cloud deploy before paying for VMs.
 */
package io.memrun.cloud.hetzner.sim;
