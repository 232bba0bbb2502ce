package io.custos.compliance;

import java.util.List;

/** A control with its readings; its colour is the worst of them. */
public record ControlView(Control control, Status status, List<Reading> readings) {
}
