package io.custos.supervision;

public enum RectificationStepKind { OPENED, FIX_SUBMITTED, REJECTED, VERIFIED, ESCALATED }
