package io.custos.training;

/** A policy document employees acknowledge, or the confidentiality agreement they accept. */
public enum DocumentKind {
    POLICY,
    AGREEMENT
}
