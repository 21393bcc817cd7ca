package io.memrun.runtime.objectstore;

import java.io.IOException;

/** The object (or its bucket) does not exist in the store. */
public final class ObjectNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    public ObjectNotFoundException(ObjectUri uri) {
        super("object " + uri + " does not exist");
    }
}
