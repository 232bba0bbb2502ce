package io.custos.customer.web;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custos.customer.FieldCatalog;
import io.custos.customer.FieldDefinition;
import io.custos.customer.FieldKind;
import io.custos.identity.CustosUser;
import io.custos.shared.Sensitivity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The classification catalog: everyone reads it; SECURITY_ADMIN changes it (the service checks). */
@RestController
@RequestMapping("/api/v1/catalog/fields")
@Tag(name = "Classification catalog")
class CatalogApi {

    private final FieldCatalog catalog;

    CatalogApi(FieldCatalog catalog) {
        this.catalog = catalog;
    }

    record NewFieldRequest(@NotBlank @Size(max = 40) String key, @NotNull Sensitivity sensitivity,
            @NotNull FieldKind kind, boolean searchable, @NotBlank @Size(max = 100) String labelZh,
            @NotBlank @Size(max = 100) String labelEn) {
    }

    record FieldChange(@Nullable Sensitivity sensitivity, @Nullable @Size(max = 500) String reason,
            @Nullable @Size(min = 1, max = 100) String labelZh, @Nullable @Size(min = 1, max = 100) String labelEn) {
    }

    @GetMapping
    List<FieldDefinition> fields() {
        return catalog.fields();
    }

    @PostMapping
    @Operation(summary = "Add a field (SECURITY_ADMIN)")
    ResponseEntity<FieldDefinition> define(@Valid @RequestBody NewFieldRequest request,
            @AuthenticationPrincipal CustosUser me) {
        FieldDefinition field = catalog.define(new FieldCatalog.NewField(request.key(), request.sensitivity(),
                request.kind(), request.searchable(), request.labelZh(), request.labelEn()), me);
        return ResponseEntity.created(URI.create("/api/v1/catalog/fields/" + field.key())).body(field);
    }

    @PatchMapping("/{key}")
    @Operation(summary = "Change a field's level or labels (SECURITY_ADMIN)",
            description = "Raising a level is free; lowering one needs `reason` (422 reason-required). Stored "
                    + "values move to the storage of the new level in the same transaction.")
    FieldDefinition change(@PathVariable String key, @Valid @RequestBody FieldChange request,
            @AuthenticationPrincipal CustosUser me) {
        return catalog.change(key, request.sensitivity(), request.reason(), request.labelZh(), request.labelEn(), me);
    }

    @GetMapping("/{key}/level-changes")
    List<FieldCatalog.LevelChange> levelChanges(@PathVariable String key) {
        return catalog.levelChanges(key);
    }
}
