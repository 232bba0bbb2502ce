package io.custos.supervision;

import java.util.List;

/** A rectification with its finding (question and the inspector's words) and its steps. */
public record RectificationDetail(RectificationView view, InspectionView inspection, ChecklistItem item,
        ItemResult finding, List<RectificationStep> steps) {

    public RectificationDetail {
        steps = List.copyOf(steps);
    }
}
