package io.custos.identity.web;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentManagement;
import io.custos.identity.DepartmentView;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/departments")
@Tag(name = "Departments")
class DepartmentApi {

    private final DepartmentManagement departments;

    DepartmentApi(DepartmentManagement departments) {
        this.departments = departments;
    }

    /** {@code handlesCustomerData} defaults to true: the stricter choice for separation of duties. */
    record CreateDepartment(@NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{2,40}") String code,
            @NotBlank @Size(max = 100) String nameZh, @NotBlank @Size(max = 100) String nameEn,
            @Nullable Boolean handlesCustomerData) {
    }

    /** {@code handlesCustomerData} left out keeps the current value. */
    record UpdateDepartment(@NotBlank @Size(max = 100) String nameZh, @NotBlank @Size(max = 100) String nameEn,
            @Nullable UUID headId, @Nullable Boolean handlesCustomerData) {
    }

    @GetMapping
    List<DepartmentView> list() {
        return departments.list();
    }

    @GetMapping("/{id}")
    DepartmentView get(@PathVariable UUID id) {
        return departments.get(id);
    }

    @PostMapping
    ResponseEntity<DepartmentView> create(@Valid @RequestBody CreateDepartment request,
            @AuthenticationPrincipal CustosUser me) {
        DepartmentView created = departments.create(request.code(), request.nameZh(), request.nameEn(),
                !Boolean.FALSE.equals(request.handlesCustomerData()), me);
        return ResponseEntity.created(URI.create("/api/v1/departments/" + created.id())).body(created);
    }

    @PutMapping("/{id}")
    DepartmentView update(@PathVariable UUID id, @Valid @RequestBody UpdateDepartment request,
            @AuthenticationPrincipal CustosUser me) {
        return departments.update(id, request.nameZh(), request.nameEn(), request.headId(),
                request.handlesCustomerData(), me);
    }
}
