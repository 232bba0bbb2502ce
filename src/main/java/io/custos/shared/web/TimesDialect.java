package io.custos.shared.web;

import java.util.Set;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.dialect.AbstractDialect;
import org.thymeleaf.dialect.IExpressionObjectDialect;
import org.thymeleaf.expression.IExpressionObjectFactory;

/**
 * Makes {@link Times} available to every template as {@code #times}, so a template formats a time in
 * one call, and {@link LanguageLinks} as {@code #languageLinks} for the layout's language switch.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TimeProperties.class)
class TimesDialect {

    @Bean
    AbstractDialect timesExpressionDialect(Times times, LanguageLinks languageLinks) {
        return new Dialect(times, languageLinks);
    }

    private static final class Dialect extends AbstractDialect implements IExpressionObjectDialect {

        private final Times times;
        private final LanguageLinks languageLinks;

        Dialect(Times times, LanguageLinks languageLinks) {
            super("custos-times");
            this.times = times;
            this.languageLinks = languageLinks;
        }

        @Override
        public IExpressionObjectFactory getExpressionObjectFactory() {
            return new IExpressionObjectFactory() {
                @Override
                public Set<String> getAllExpressionObjectNames() {
                    return Set.of("times", "languageLinks");
                }

                @Override
                public Object buildObject(IExpressionContext context, String expressionObjectName) {
                    return "times".equals(expressionObjectName) ? times : languageLinks;
                }

                @Override
                public boolean isCacheable(String expressionObjectName) {
                    return true;
                }
            };
        }
    }
}
