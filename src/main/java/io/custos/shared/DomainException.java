package io.custos.shared;

import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A refusal the caller can understand and act on. The {@link #code()} is stable: the API puts it in
 * the problem's {@code code} and {@code type}, pages translate {@code problem.<code>.detail}.
 * <p>
 * Arguments and properties must be identifiers, field names or numbers, never a submitted value:
 * they end up in response bodies and logs.
 */
public class DomainException extends RuntimeException {

    private final String code;
    private final HttpStatus status;
    private final Map<String, Object> properties;
    private final Object[] args;

    public DomainException(String code, HttpStatus status, Map<String, Object> properties, Object... args) {
        super(code);
        this.code = code;
        this.status = status;
        this.properties = Map.copyOf(properties);
        this.args = args.clone();
    }

    public DomainException(String code, HttpStatus status) {
        this(code, status, Map.of());
    }

    public String code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public Object[] args() {
        return args.clone();
    }

    public String messageKey() {
        return "problem." + code + ".detail";
    }

    public static DomainException notFound() {
        return new DomainException("not-found", HttpStatus.NOT_FOUND);
    }

    public static DomainException conflict(String code) {
        return new DomainException(code, HttpStatus.CONFLICT);
    }

    public static DomainException unprocessable(String code, Map<String, Object> properties, Object... args) {
        return new DomainException(code, HttpStatus.UNPROCESSABLE_ENTITY, properties, args);
    }
}
