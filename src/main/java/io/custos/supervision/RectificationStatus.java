package io.custos.supervision;

/** OPEN: the owner's to fix; SUBMITTED: a fix awaits the inspector; CLOSED: verified. */
public enum RectificationStatus { OPEN, SUBMITTED, CLOSED }
