package io.memrun.cloud.hetzner.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An API error as Hetzner answers it: {@code {"error": {"code", "message", "details"}}} with the
 * status Hetzner uses for that code. Routes throw it; {@link ApiGate} writes it, in one place.
 */
final class HetznerError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    private final transient ObjectNode details;

    HetznerError(int status, String code, String message, ObjectNode details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    HetznerError(int status, String code, String message) {
        this(status, code, message, JsonNodeFactory.instance.objectNode());
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    ObjectNode details() {
        return details;
    }

    /** 400 {@code invalid_input} naming the field, with Hetzner's {@code details.fields}. */
    static HetznerError invalidInput(String field, String message) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        ObjectNode f = details.putArray("fields").addObject();
        f.put("name", field);
        f.putArray("messages").add(message);
        return new HetznerError(400, "invalid_input", "invalid input in field '" + field + "'", details);
    }

    /** 400 {@code json_error}: the body is not the JSON the call takes. */
    static HetznerError jsonError(String message) {
        return new HetznerError(400, "json_error", message);
    }

    /** 404 {@code not_found}. */
    static HetznerError notFound(String what) {
        return new HetznerError(404, "not_found", what + " not found");
    }

    /** 409 {@code uniqueness_error} naming the field. */
    static HetznerError uniqueness(String field, String message) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        ObjectNode f = details.putArray("fields").addObject();
        f.put("name", field);
        return new HetznerError(409, "uniqueness_error", message, details);
    }

    /** 401 {@code unauthorized}. */
    static HetznerError unauthorized() {
        return new HetznerError(401, "unauthorized", "unable to authenticate");
    }

    /** 423 {@code locked}: another action is running on the resource. */
    static HetznerError locked(String what) {
        return new HetznerError(423, "locked", what + " is locked by a running action");
    }

    /** 429 {@code rate_limit_exceeded}. */
    static HetznerError rateLimited() {
        return new HetznerError(429, "rate_limit_exceeded", "limit of requests per hour reached");
    }

    /** 500 {@code server_error}, for a failure of the sim itself (logged, never with a stack trace). */
    static HetznerError serverError(String message) {
        return new HetznerError(500, "server_error", message);
    }
}
