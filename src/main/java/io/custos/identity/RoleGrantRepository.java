package io.custos.identity;

import static io.custos.identity.EmployeeRepository.at;
import static io.custos.identity.EmployeeRepository.instant;
import static io.custos.identity.EmployeeRepository.instantOrNull;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class RoleGrantRepository {

    private static final String SELECT = """
            select g.id, g.employee_id, e.username, e.display_name, g.department_id, g.roles, g.status,
                   g.requested_by, r.display_name as requested_by_name, g.requested_at, g.decided_by, g.decided_at, g.note
            from role_grant g join employee e on e.id = g.employee_id join employee r on r.id = g.requested_by""";

    private final JdbcClient jdbc;

    RoleGrantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, UUID employeeId, @Nullable UUID departmentId, Set<Role> roles, UUID requestedBy,
            Instant now) {
        jdbc.sql("""
                insert into role_grant (id, employee_id, department_id, roles, status, requested_by, requested_at)
                values (?, ?, ?, ?, 'PENDING', ?, ?)""")
                .params(id, employeeId, departmentId, join(roles), requestedBy, at(now)).update();
    }

    Optional<RoleGrantView> findById(UUID id) {
        return jdbc.sql(SELECT + " where g.id = ?").param(id).query(this::row).optional();
    }

    List<RoleGrantView> pending() {
        return jdbc.sql(SELECT + " where g.status = 'PENDING' order by g.requested_at").query(this::row).list();
    }

    List<RoleGrantView> pendingFor(UUID employeeId) {
        return jdbc.sql(SELECT + " where g.status = 'PENDING' and g.employee_id = ? order by g.requested_at")
                .param(employeeId).query(this::row).list();
    }

    /** @return false when the request was decided or cancelled meanwhile */
    boolean decide(UUID id, RoleGrantView.Status outcome, @Nullable UUID by, Instant now, @Nullable String note) {
        return jdbc.sql("""
                update role_grant set status = ?, decided_by = ?, decided_at = ?, note = ?
                where id = ? and status = 'PENDING'""").params(outcome.name(), by, at(now), note, id).update() == 1;
    }

    private static String join(Set<Role> roles) {
        return roles.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }

    private RoleGrantView row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(rs.getString("roles").split(",")).filter(s -> !s.isBlank()).map(Role::valueOf)
                .forEach(roles::add);
        return new RoleGrantView(rs.getObject("id", UUID.class), rs.getObject("employee_id", UUID.class),
                rs.getString("username"), rs.getString("display_name"), rs.getObject("department_id", UUID.class), roles,
                RoleGrantView.Status.valueOf(rs.getString("status")), rs.getObject("requested_by", UUID.class),
                rs.getString("requested_by_name"), instant(rs, "requested_at"), rs.getObject("decided_by", UUID.class),
                instantOrNull(rs, "decided_at"), rs.getString("note"));
    }
}
