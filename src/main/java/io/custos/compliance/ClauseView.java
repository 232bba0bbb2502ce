package io.custos.compliance;

import java.util.List;

/** A clause on the map: the worst colour of its controls, or UNMAPPED when no control serves it. */
public record ClauseView(Clause clause, Status status, List<ControlView> controls) {
}
