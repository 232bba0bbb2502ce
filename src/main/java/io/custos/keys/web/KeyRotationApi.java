package io.custos.keys.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custos.keys.MasterKeyRotation;
import io.custos.keys.RotationStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Master key rotation for security administrators (the service checks the role). */
@RestController
@RequestMapping("/api/v1/keys/rotation")
@Tag(name = "Keys")
class KeyRotationApi {

    private final MasterKeyRotation rotation;

    KeyRotationApi(MasterKeyRotation rotation) {
        this.rotation = rotation;
    }

    @PostMapping
    @Operation(summary = "Rotate the master key", description = "A new master key becomes primary at once; data keys "
            + "and managed keysets are re-wrapped under it in the background, and stay readable throughout. "
            + "SECURITY_ADMIN only. 503 master-key-rotation-failed when the master keyset cannot be rewritten.")
    RotationStatus rotate() {
        return rotation.rotate();
    }

    @GetMapping
    @Operation(summary = "Rotation status", description = "The primary master key, how many data keys and managed "
            + "keysets each master key wraps, and whether the re-wrap is still running. SECURITY_ADMIN only.")
    RotationStatus status() {
        return rotation.status();
    }
}
