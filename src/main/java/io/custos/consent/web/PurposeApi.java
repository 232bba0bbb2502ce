package io.custos.consent.web;

import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custos.consent.Purpose;
import io.custos.consent.Purposes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The purposes and the fields each needs; changed by SECURITY_ADMIN (the service checks). */
@RestController
@RequestMapping("/api/v1/purposes")
@Tag(name = "Consent")
class PurposeApi {

    private final Purposes purposes;

    PurposeApi(Purposes purposes) {
        this.purposes = purposes;
    }

    record Fields(@NotNull @Size(max = 100) Set<String> fields) {
    }

    @GetMapping
    List<Purpose> all() {
        return purposes.all();
    }

    @PutMapping("/{code}/fields")
    @Operation(summary = "Set the fields a purpose needs (SECURITY_ADMIN)")
    Purpose setFields(@PathVariable String code, @Valid @RequestBody Fields request) {
        return purposes.setFields(code, request.fields());
    }
}
