package io.memrun.cloud.hetzner;

/** A 2xx response that lacks what the model needs (an id, a name); becomes {@code invalid_response}. */
final class MalformedResponse extends RuntimeException {

    private static final long serialVersionUID = 1L;

    MalformedResponse(String message) {
        super(message);
    }

    /** {@code value}, or a {@link MalformedResponse} saying which field was missing. */
    static <T> T present(T value, String what) {
        if (value == null) {
            throw new MalformedResponse("response without " + what);
        }
        return value;
    }
}
