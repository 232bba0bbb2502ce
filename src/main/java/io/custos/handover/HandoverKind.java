package io.custos.handover;

/** Why a handover was opened: the person leaves the company, or changes department or post. */
public enum HandoverKind {
    DEPARTURE,
    TRANSFER
}
