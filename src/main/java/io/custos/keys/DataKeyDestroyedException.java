package io.custos.keys;

import java.util.UUID;

/** The owner's data key was destroyed (crypto-shredding): none of its ciphertexts can be read again. */
public class DataKeyDestroyedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final UUID ownerId;

    DataKeyDestroyedException(UUID ownerId) {
        super("The data key of owner " + ownerId + " was destroyed");
        this.ownerId = ownerId;
    }

    public UUID ownerId() {
        return ownerId;
    }
}
