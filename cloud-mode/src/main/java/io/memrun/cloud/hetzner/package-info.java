/**
 * The Hetzner Cloud API as the scheduler needs it: {@link io.memrun.cloud.hetzner.HetznerCloud}, its
 * immutable model records, the typed {@link io.memrun.cloud.hetzner.HetznerException} and the retry
 * policy.
 *
 * <p>Configuration comes from {@link io.memrun.cloud.hetzner.HetznerSettings} ({@code HCLOUD_TOKEN},
 * {@code HCLOUD_ENDPOINT}); no library type appears in a public signature, so the client underneath
 * ({@code me.tomsdevsn:hetznercloud-api} on OkHttp) can be replaced without touching callers.
 */
package io.memrun.cloud.hetzner;
