package io.custos.access;

/**
 * The relation to the customer a rule asks for: the person owns it, belongs to its department,
 * holds an open emergency (break-glass) access to it, receives it under an approved sharing grant
 * (their department or partner organisation is the grant's recipient; the grant then narrows the
 * rule to its fields and purpose), or any relation at all (a role such as management or the
 * administration department, which sees across departments).
 */
public enum RuleRelation {
    OWNER, DEPARTMENT, BREAK_GLASS, ANY, GRANT
}
