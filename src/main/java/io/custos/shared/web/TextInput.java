package io.custos.shared.web;

import java.beans.PropertyEditorSupport;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

import io.custos.shared.ControlCharacters;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Text enters at two doors, and both refuse control characters (NUL, escape, C1 controls) before any
 * controller sees the value: every string of a JSON body (the API answers 422
 * {@code control-characters} naming the field) and every request parameter and form field bound by
 * Spring MVC (the API answers the same; a page form shows the translated message next to the field).
 * Tab and line breaks pass here, since a multi-line text may hold them; fields of one line refuse them
 * where their kind is known (the customer field catalog).
 */
@Configuration(proxyBeanMethods = false)
class TextInput {

    /** Registered by Spring Boot with the application's JSON mapper. */
    @Bean
    JacksonModule controlCharacterRefusal() {
        return new SimpleModule("custos-text-input").addDeserializer(String.class, new CheckedStrings());
    }

    /** Jackson's own string reading, then the check; the refusal carries the field's path, never the value. */
    static final class CheckedStrings extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext context) throws JacksonException {
            String value = super.deserialize(p, context);
            if (value != null && ControlCharacters.present(value, true)) {
                throw new Refused(p);
            }
            return value;
        }
    }

    /** A JSON string with control characters. */
    static final class Refused extends MismatchedInputException {
        private static final long serialVersionUID = 1L;

        Refused(JsonParser p) {
            super(p, "text contains control characters", String.class);
        }
    }

    /** A request parameter or form field with control characters; the message never repeats the value. */
    static final class RefusedParameter extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        RefusedParameter() {
            super("text contains control characters");
        }
    }

    /** Every string Spring MVC binds from a request, in pages and in the API. */
    @ControllerAdvice
    static class Binding {
        @InitBinder
        void refuseControlCharacters(WebDataBinder binder) {
            binder.registerCustomEditor(String.class, new PropertyEditorSupport() {
                @Override
                public void setAsText(String text) {
                    if (text != null && ControlCharacters.present(text, true)) {
                        throw new RefusedParameter();
                    }
                    setValue(text);
                }
            });
        }
    }
}
