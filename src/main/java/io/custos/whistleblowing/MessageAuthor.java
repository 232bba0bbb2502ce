package io.custos.whistleblowing;

/** Who wrote a message of a report: the report itself, the reporter later, or a handler's answer. */
public enum MessageAuthor {
    REPORT, REPORTER, ANSWER
}
