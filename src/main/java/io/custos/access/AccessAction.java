package io.custos.access;

/** What a person does with a customer record; each rule lists the actions it allows. */
public enum AccessAction {
    LIST, VIEW, REVEAL, EDIT, EXPORT, DELETE
}
