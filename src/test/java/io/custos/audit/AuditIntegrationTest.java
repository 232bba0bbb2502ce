package io.custos.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

import io.custos.support.IntegrationTest;

/**
 * {@link IntegrationTest} with a context and database of its own, shared by the audit search and
 * page tests: the verify page must find a log that no other test class has tampered with, and the
 * export cap is lowered to {@value #EXPORT_CAP} events so that the refusal can be reached.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@IntegrationTest
@TestPropertySource(properties = "custos.audit.export.max-rows=" + AuditIntegrationTest.EXPORT_CAP)
@interface AuditIntegrationTest {

    int EXPORT_CAP = 3;
}
