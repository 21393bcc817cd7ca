/**
 * The interactive shell (jline3), a client of the control-plane HTTP API. Not built yet;
 * {@code memrun shell} says so.
 */
package io.memrun.shell;
