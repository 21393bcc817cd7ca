package io.memrun.cloud.hetzner.sim;

/** A step of a server's user-data failed; the boot stops there and the server stays running. */
final class BootFailure extends Exception {
    private static final long serialVersionUID = 1L;

    BootFailure(String message) {
        super(message, null, false, false);
    }
}
