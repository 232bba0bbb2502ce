package io.custos.identity;

import static io.custos.identity.EmployeeRepository.at;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;


@Repository
class DepartmentRepository {

    private static final String SELECT = """
            select d.id, d.code, d.name_zh, d.name_en, d.head_id, h.username as head_username, d.handles_customer_data,
                   (select count(*) from employee e where e.department_id = d.id and e.status <> 'DEPARTED') as members
            from department d left join employee h on h.id = d.head_id""";

    private final JdbcClient jdbc;

    DepartmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<DepartmentView> findAll() {
        return jdbc.sql(SELECT + " order by d.code").query(this::row).list();
    }

    Optional<DepartmentView> findById(UUID id) {
        return jdbc.sql(SELECT + " where d.id = ?").param(id).query(this::row).optional();
    }

    Optional<DepartmentView> findByCode(String code) {
        return jdbc.sql(SELECT + " where d.code = ?").param(code).query(this::row).optional();
    }

    boolean codeTaken(String code) {
        return jdbc.sql("select count(*) from department where lower(code) = lower(?)").param(code)
                .query(Long.class).single() > 0;
    }

    void insert(UUID id, String code, String nameZh, String nameEn, boolean handlesCustomerData, Instant now) {
        jdbc.sql("""
                insert into department (id, code, name_zh, name_en, handles_customer_data, created_at)
                values (?, ?, ?, ?, ?, ?)""")
                .params(id, code, nameZh, nameEn, handlesCustomerData, at(now)).update();
    }

    void setHandlesCustomerData(UUID id, boolean handlesCustomerData) {
        jdbc.sql("update department set handles_customer_data = ? where id = ?").params(handlesCustomerData, id)
                .update();
    }

    /** Current members of the department who hold a role that reaches customer content. */
    long countCustomerContentMembers(UUID id) {
        return jdbc.sql("""
                select count(distinct e.id) from employee e join employee_role r on r.employee_id = e.id
                where e.department_id = ? and e.status <> 'DEPARTED'
                  and r.role in ('EMPLOYEE', 'DEPT_HEAD', 'ADMIN_OFFICER', 'MANAGEMENT')""").param(id)
                .query(Long.class).single();
    }

    /** Current members of the department who hold a separated duty. */
    long countSeparatedDutyMembers(UUID id) {
        return jdbc.sql("""
                select count(distinct e.id) from employee e join employee_role r on r.employee_id = e.id
                where e.department_id = ? and e.status <> 'DEPARTED'
                  and r.role in ('SYSTEM_ADMIN', 'SECURITY_ADMIN', 'AUDITOR')""").param(id).query(Long.class).single();
    }

    void update(UUID id, String nameZh, String nameEn, @Nullable UUID headId) {
        jdbc.sql("update department set name_zh = ?, name_en = ?, head_id = ? where id = ?")
                .params(nameZh, nameEn, headId, id).update();
    }

    private DepartmentView row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new DepartmentView(rs.getObject("id", UUID.class), rs.getString("code"), rs.getString("name_zh"),
                rs.getString("name_en"), rs.getObject("head_id", UUID.class), rs.getString("head_username"),
                rs.getInt("members"), rs.getBoolean("handles_customer_data"));
    }
}
