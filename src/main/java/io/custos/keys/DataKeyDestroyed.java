package io.custos.keys;

import java.util.UUID;

/** An owner's data key was destroyed: every ciphertext of that owner, backups included, is now unreadable. */
public record DataKeyDestroyed(UUID ownerId) {
}
