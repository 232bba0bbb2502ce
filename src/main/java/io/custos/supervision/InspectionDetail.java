package io.custos.supervision;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An inspection with its checklist, what was recorded per item, the live evidence figures (only for
 * the inspector while it is not completed) and the rectifications it gave rise to.
 */
public record InspectionDetail(InspectionView view, Checklist checklist, Map<UUID, ItemResult> results,
        Map<UUID, EvidenceFigures> live, List<RectificationView> rectifications) {

    public InspectionDetail {
        results = Map.copyOf(results);
        live = Map.copyOf(live);
        rectifications = List.copyOf(rectifications);
    }
}
