package io.custos.access;

/**
 * The relation to the customer a rule asks for: the person owns it, belongs to its department,
 * holds an open emergency (break-glass) access to it, or any relation at all (a role such as
 * management or the administration department, which sees across departments).
 */
public enum RuleRelation {
    OWNER, DEPARTMENT, BREAK_GLASS, ANY
}
