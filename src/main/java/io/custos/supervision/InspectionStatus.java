package io.custos.supervision;

public enum InspectionStatus { PLANNED, IN_PROGRESS, COMPLETED }
