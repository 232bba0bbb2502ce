package io.custos.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;


@Repository
class EmployeeRepository {

    private static final String COLUMNS = """
            id, username, display_name, email, department_id, position, status, password_hash,
            password_changed_at, must_change_password, totp_secret, totp_enabled, totp_last_step,
            locked_until, last_login_at, credential_version, partner_id, leaves_on, one_time_password_expires_at,
            sso_subject""";

    private static final String PREFIXED_COLUMNS = COLUMNS.replaceAll("(\\w+)", "e.$1");

    private final JdbcClient jdbc;

    EmployeeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<EmployeeRecord> findById(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from employee where id = ?").param(id)
                .query(this::row).optional().map(this::withRoles);
    }

    /**
     * The owner of a live bearer token with its roles, in one round trip: this runs on every API
     * request, so the token, the person and the roles are read together (one row per role).
     */
    Optional<EmployeeRecord> findByLiveToken(String tokenHash, Instant now) {
        List<EmployeeRecord> rows = new ArrayList<>(2);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        jdbc.sql("select " + PREFIXED_COLUMNS + """
                , r.role from api_token t
                join employee e on e.id = t.employee_id
                left join employee_role r on r.employee_id = e.id
                where t.token_hash = ? and t.revoked_at is null and t.expires_at > ?""")
                .params(tokenHash, at(now)).query((RowCallbackHandler) rs -> {
                    if (rows.isEmpty()) {
                        rows.add(row(rs, 0));
                    }
                    String role = rs.getString("role");
                    if (role != null) {
                        roles.add(Role.valueOf(role));
                    }
                });
        return rows.stream().findFirst().map(r -> copyWithRoles(r, roles));
    }

    Optional<EmployeeRecord> findByUsername(String username) {
        return jdbc.sql("select " + COLUMNS + " from employee where username = ?").param(username)
                .query(this::row).optional().map(this::withRoles);
    }

    /** The account linked to the provider's (issuer, subject), issue 24.1. */
    Optional<EmployeeRecord> findBySsoSubject(String issuer, String subject) {
        return jdbc.sql("select " + COLUMNS + " from employee where sso_issuer = ? and sso_subject = ?")
                .params(issuer, subject).query(this::row).optional().map(this::withRoles);
    }

    /** Every account with this e-mail address (case-insensitive); more than one is no match at all. */
    List<EmployeeRecord> findByEmail(String email) {
        return jdbc.sql("select " + COLUMNS + " from employee where lower(email) = lower(?)").param(email)
                .query(this::row).list().stream().map(this::withRoles).toList();
    }

    /** Links an account not linked yet; false when it already is (a concurrent first sign-in). */
    boolean linkSso(UUID id, String issuer, String subject) {
        return jdbc.sql("update employee set sso_issuer = ?, sso_subject = ? where id = ? and sso_subject is null")
                .params(issuer, subject, id).update() == 1;
    }

    List<EmployeeRecord> findAll() {
        List<EmployeeRecord> rows = jdbc.sql("select " + COLUMNS + " from employee order by username")
                .query(this::row).list();
        Map<UUID, Set<Role>> roles = new HashMap<>();
        jdbc.sql("select employee_id, role from employee_role").query((rs, n) -> {
            roles.computeIfAbsent(rs.getObject(1, UUID.class), k -> EnumSet.noneOf(Role.class))
                    .add(Role.valueOf(rs.getString(2)));
            return null;
        }).list();
        List<EmployeeRecord> result = new ArrayList<>(rows.size());
        for (EmployeeRecord r : rows) {
            result.add(copyWithRoles(r, roles.getOrDefault(r.id(), Set.of())));
        }
        return result;
    }

    long count() {
        return jdbc.sql("select count(*) from employee").query(Long.class).single();
    }

    long countActiveWithRole(Role role) {
        return jdbc.sql("""
                select count(*) from employee e join employee_role r on r.employee_id = e.id
                where r.role = ? and e.status <> 'DEPARTED'""").param(role.name()).query(Long.class).single();
    }

    long countLocked(Instant now) {
        return jdbc.sql("select count(*) from employee where locked_until > ?").param(at(now))
                .query(Long.class).single();
    }

    boolean usernameTaken(String username) {
        return jdbc.sql("select count(*) from employee where lower(username) = lower(?)").param(username)
                .query(Long.class).single() > 0;
    }

    void insert(UUID id, String username, String displayName, @Nullable String email, @Nullable UUID departmentId,
            @Nullable String position, EmployeeStatus status, String passwordHash, boolean mustChangePassword,
            Instant now) {
        jdbc.sql("""
                insert into employee (id, username, display_name, email, department_id, position, status,
                    password_hash, password_changed_at, must_change_password, created_at, department_history_since)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, username, displayName, email, departmentId, position, status.name(), passwordHash,
                        at(now), mustChangePassword, at(now), at(now))
                .update();
    }

    /** A partner organisation's user: no department, no position. */
    void insertPartnerUser(UUID id, UUID partnerId, String username, String displayName, @Nullable String email,
            String passwordHash, Instant now) {
        jdbc.sql("""
                insert into employee (id, username, display_name, email, status, password_hash, password_changed_at,
                    must_change_password, created_at, partner_id, department_history_since)
                values (?, ?, ?, ?, 'ACTIVE', ?, ?, true, ?, ?, ?)""")
                .params(id, username, displayName, email, passwordHash, at(now), at(now), partnerId, at(now)).update();
    }

    List<EmployeeRecord> findByPartner(UUID partnerId) {
        return jdbc.sql("select " + COLUMNS + " from employee where partner_id = ? order by username").param(partnerId)
                .query(this::row).list().stream().map(this::withRoles).toList();
    }

    /** Also records a move to another department, at {@code now}. */
    void updateProfile(UUID id, String displayName, @Nullable String email, @Nullable UUID departmentId,
            @Nullable String position, EmployeeStatus status, @Nullable LocalDate leavesOn, Instant now) {
        recordMove(id, departmentId, now);
        jdbc.sql("""
                update employee set display_name = ?, email = ?, department_id = ?, position = ?, status = ?,
                leaves_on = ? where id = ?""")
                .params(displayName, email, departmentId, position, status.name(), leavesOn, id).update();
    }

    /** People on notice whose leaving date has come ({@code leaves_on <= today}). */
    List<UUID> dueToLeave(LocalDate today) {
        return jdbc.sql("select id from employee where status = 'ON_NOTICE' and leaves_on <= ? order by leaves_on, id")
                .param(today).query(UUID.class).list();
    }

    /**
     * Ends a notice: the person is departed. Guarded by the status, so two nodes (or the sweep and
     * an administrator) never both act on one person; true for the one that did.
     */
    boolean endNotice(UUID id) {
        return jdbc.sql("update employee set status = 'DEPARTED' where id = ? and status = 'ON_NOTICE'")
                .param(id).update() == 1;
    }

    /** Also records the move, at {@code now}, when it is one. */
    void updateDepartment(UUID id, @Nullable UUID departmentId, Instant now) {
        recordMove(id, departmentId, now);
        jdbc.sql("update employee set department_id = ? where id = ?").params(departmentId, id).update();
    }

    /** Every change of department is written where it is made: {@link #departmentAt} replays them. */
    private void recordMove(UUID id, @Nullable UUID to, Instant now) {
        UUID from = jdbc.sql("select department_id from employee where id = ?").param(id).query(UUID.class).optional()
                .orElse(null);
        if (!java.util.Objects.equals(from, to)) {
            jdbc.sql("insert into employee_department_change (id, employee_id, from_department_id, to_department_id, "
                    + "changed_at) values (?, ?, ?, ?, ?)").params(UUID.randomUUID(), id, from, to, at(now)).update();
        }
    }

    /**
     * The person's department at an instant: today's with every later recorded move undone, and
     * since when their moves are all recorded (null when that is unknown: a person not created by
     * the application).
     */
    DepartmentThen departmentAt(UUID id, Instant when) {
        record Current(@Nullable UUID department, @Nullable Instant since) {
        }
        Current current = jdbc.sql("select department_id, department_history_since from employee where id = ?")
                .param(id).query((rs, n) -> new Current(rs.getObject(1, UUID.class),
                        rs.getObject(2, OffsetDateTime.class) == null ? null
                                : rs.getObject(2, OffsetDateTime.class).toInstant()))
                .optional().orElseThrow(io.custos.shared.DomainException::notFound);
        List<UUID> undone = new ArrayList<>();
        jdbc.sql("select from_department_id from employee_department_change where employee_id = ? and changed_at > ? "
                        + "order by changed_at desc, id desc").params(id, at(when))
                .query((RowCallbackHandler) rs -> undone.add(rs.getObject(1, UUID.class)));
        UUID department = undone.isEmpty() ? current.department() : undone.get(undone.size() - 1);
        return new DepartmentThen(department, current.since());
    }

    void replaceRoles(UUID id, Collection<Role> roles) {
        jdbc.sql("delete from employee_role where employee_id = ?").param(id).update();
        for (Role role : roles) {
            jdbc.sql("insert into employee_role (employee_id, role) values (?, ?)").params(id, role.name()).update();
        }
    }

    /**
     * Also raises the credential version: sessions signed in with the old password end. The hash it
     * replaces goes to {@link PasswordHistory} in the same transaction, whoever makes the change.
     */
    void updatePassword(UUID id, String hash, boolean mustChange, Instant now) {
        jdbc.sql("""
                insert into password_history (id, employee_id, password_hash, replaced_at)
                select ?, id, password_hash, ? from employee where id = ?""")
                .params(UUID.randomUUID(), at(now), id).update();
        jdbc.sql("""
                update employee set password_hash = ?, must_change_password = ?, password_changed_at = ?,
                  credential_version = credential_version + 1, one_time_password_expires_at = null
                where id = ?""").params(hash, mustChange, at(now), id).update();
    }

    /** A password only the system knows, to be changed at next sign-in, that stops working at {@code expiresAt}. */
    void setOneTimePassword(UUID id, String hash, Instant now, Instant expiresAt) {
        jdbc.sql("""
                update employee set password_hash = ?, must_change_password = true, password_changed_at = ?,
                  credential_version = credential_version + 1, one_time_password_expires_at = ?
                where id = ?""").params(hash, at(now), at(expiresAt), id).update();
    }

    int credentialVersion(UUID id) {
        return jdbc.sql("select credential_version from employee where id = ?").param(id).query(Integer.class).single();
    }

    /**
     * Takes one sign-in attempt before the password is checked, counted as a failure until it
     * succeeds: one statement that counts and checks the limit together, so however many attempts
     * run at once, at most {@code maxFailures} passwords are checked in a window. A window older
     * than {@code windowStart} starts again at 1.
     *
     * @return false when the account is locked or has used up its attempts in this window
     */
    boolean takeAttempt(UUID id, Instant now, Instant windowStart, int maxFailures) {
        return jdbc.sql("""
                update employee set
                  failed_attempts = case when first_failure_at is null or first_failure_at < ? then 1
                                         else failed_attempts + 1 end,
                  first_failure_at = case when first_failure_at is null or first_failure_at < ? then ?
                                          else first_failure_at end
                where id = ? and (locked_until is null or locked_until <= ?)
                  and (first_failure_at is null or first_failure_at < ? or failed_attempts < ?)""")
                .params(at(windowStart), at(windowStart), at(now), id, at(now), at(windowStart), maxFailures)
                .update() == 1;
    }

    /** @return whether this call locked the account */
    boolean lockIfTooManyFailures(UUID id, int maxFailures, Instant now, Instant until) {
        return jdbc.sql("""
                update employee set locked_until = ?, failed_attempts = 0, first_failure_at = null
                where id = ? and failed_attempts >= ? and (locked_until is null or locked_until <= ?)""")
                .params(at(until), id, maxFailures, at(now)).update() == 1;
    }

    /**
     * Clears the count after a correct sign-in, unless the account was locked meanwhile by a
     * concurrent failure: a lock recorded before the success wins.
     *
     * @return false when the account is locked now
     */
    boolean recordSuccess(UUID id, Instant now, @Nullable Long totpStep) {
        return jdbc.sql("""
                update employee set failed_attempts = 0, first_failure_at = null, last_login_at = ?,
                  totp_last_step = coalesce(?, totp_last_step)
                where id = ? and (locked_until is null or locked_until <= ?)""").params(at(now), totpStep, id, at(now))
                .update() == 1;
    }

    void unlock(UUID id) {
        jdbc.sql("update employee set locked_until = null, failed_attempts = 0, first_failure_at = null where id = ?")
                .param(id).update();
    }

    /** @param encryptedSecret the secret as {@link SecondFactorSecrets} encrypted it */
    void setPendingSecondFactor(UUID id, String encryptedSecret) {
        jdbc.sql("update employee set totp_secret = ?, totp_enabled = false, totp_last_step = null where id = ?")
                .params(encryptedSecret, id).update();
    }

    void enableSecondFactor(UUID id, long step) {
        jdbc.sql("update employee set totp_enabled = true, totp_last_step = ? where id = ?").params(step, id).update();
    }

    /** The encrypted secret of a replacement authenticator being enrolled, or null. */
    @Nullable
    String pendingReplacement(UUID id) {
        return jdbc.sql("select totp_pending_secret from employee where id = ?").param(id)
                .query((rs, n) -> rs.getString(1)).optional().orElse(null);
    }

    void setPendingReplacement(UUID id, @Nullable String encryptedSecret) {
        jdbc.sql("update employee set totp_pending_secret = ? where id = ?").params(encryptedSecret, id).update();
    }

    /** The replacement becomes the second factor; raises the credential version, so other sessions end. */
    void replaceSecondFactor(UUID id, String encryptedSecret, long step) {
        jdbc.sql("""
                update employee set totp_secret = ?, totp_pending_secret = null, totp_enabled = true,
                  totp_last_step = ?, credential_version = credential_version + 1
                where id = ?""").params(encryptedSecret, step, id).update();
    }

    /** Forgets counted failures after a correct check that is no sign-in. */
    void clearFailures(UUID id) {
        jdbc.sql("update employee set failed_attempts = 0, first_failure_at = null where id = ?").param(id).update();
    }

    /** Also raises the credential version: a lost phone may come with a live session. */
    void clearSecondFactor(UUID id) {
        jdbc.sql("""
                update employee set totp_secret = null, totp_pending_secret = null, totp_enabled = false,
                  totp_last_step = null, credential_version = credential_version + 1
                where id = ?""").param(id).update();
    }

    /** The zone id the person chose for pages, if any. */
    Optional<String> timeZone(UUID id) {
        return jdbc.sql("select time_zone from employee where id = ?").param(id).query(String.class).optional();
    }

    /** Every zone chosen, by person; those who chose none are absent. */
    Map<UUID, String> timeZones() {
        Map<UUID, String> zones = new HashMap<>();
        jdbc.sql("select id, time_zone from employee where time_zone is not null")
                .query((RowCallbackHandler) rs -> zones.put(rs.getObject(1, UUID.class), rs.getString(2)));
        return zones;
    }

    void updateTimeZone(UUID id, @Nullable String zone) {
        jdbc.sql("update employee set time_zone = ? where id = ?").params(zone, id).update();
    }

    /** Marks a TOTP time step as used; false if it (or a later one) was used already: a replay. */
    boolean consumeTotpStep(UUID id, long step) {
        return jdbc.sql("""
                update employee set totp_last_step = ?
                where id = ? and (totp_last_step is null or totp_last_step < ?)""").params(step, id, step)
                .update() == 1;
    }

    private EmployeeRecord withRoles(EmployeeRecord r) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        jdbc.sql("select role from employee_role where employee_id = ?").param(r.id())
                .query(String.class).list().forEach(name -> roles.add(Role.valueOf(name)));
        return copyWithRoles(r, roles);
    }

    private static EmployeeRecord copyWithRoles(EmployeeRecord r, Set<Role> roles) {
        return new EmployeeRecord(r.id(), r.username(), r.displayName(), r.email(), r.departmentId(), r.position(),
                r.status(), roles, r.passwordHash(), r.passwordChangedAt(), r.mustChangePassword(), r.totpSecret(),
                r.totpEnabled(), r.totpLastStep(), r.lockedUntil(), r.lastLoginAt(), r.credentialVersion(),
                r.partnerId(), r.leavesOn(), r.oneTimePasswordExpiresAt(), r.ssoLinked());
    }

    private EmployeeRecord row(ResultSet rs, int n) throws SQLException {
        long step = rs.getLong("totp_last_step");
        Long totpStep = rs.wasNull() ? null : step;
        return new EmployeeRecord(rs.getObject("id", UUID.class), rs.getString("username"),
                rs.getString("display_name"), rs.getString("email"), rs.getObject("department_id", UUID.class),
                rs.getString("position"), EmployeeStatus.valueOf(rs.getString("status")), Set.of(),
                rs.getString("password_hash"), instant(rs, "password_changed_at"),
                rs.getBoolean("must_change_password"), rs.getString("totp_secret"), rs.getBoolean("totp_enabled"),
                totpStep, instantOrNull(rs, "locked_until"), instantOrNull(rs, "last_login_at"),
                rs.getInt("credential_version"), rs.getObject("partner_id", UUID.class),
                rs.getObject("leaves_on", LocalDate.class), instantOrNull(rs, "one_time_password_expires_at"),
                rs.getString("sso_subject") != null);
    }

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    /** How many passkeys the account holds (issue 24.2); Spring Security's tables know it by username. */
    int passkeyCount(String username) {
        return jdbc.sql("""
                select count(*) from user_credentials c join user_entities u on u.id = c.user_entity_user_id
                where u.name = ?""").param(username).query(Integer.class).single();
    }

    static @Nullable Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
