package io.custos.retention;

/** What a destruction certificate attests: a batch of electronic data, or paper media destroyed. */
public enum CertificateKind {
    ELECTRONIC,
    PAPER
}
