/**
 * Who people are and how they prove it: departments and their heads, employees with positions,
 * roles and status, separation of duties, passwords, lockout, the TOTP second factor, sessions
 * and API bearer tokens (R-ORG-1, R-ORG-2, R-IT-1).
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.identity;
