package io.custos.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;

/**
 * The whole application on its own database (H2, or PostgreSQL with {@code -Ppostgres}), driven
 * through MockMvc, with a clock tests can move, set back to the real time before each test class.
 * All classes with this annotation share one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest
@AutoConfigureMockMvc
@Import({MutableClock.Config.class, TestAccounts.class, MockMvcSessions.Config.class})
@ExtendWith(MutableClock.ResetBeforeEachClass.class)
public @interface IntegrationTest {
}
