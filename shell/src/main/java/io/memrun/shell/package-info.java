/**
 * The memrun shell ({@code memrun shell}, and {@code memrun dev} on a terminal): {@link
 * io.memrun.shell.MemrunShell} runs it, {@link io.memrun.shell.ShellSettings} says where to
 * connect. Everything under {@code io.memrun.shell.internal} may change without notice.
 */
package io.memrun.shell;
