package io.custos.handover;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import io.custos.consent.Purposes;
import io.custos.identity.Employees;
import io.custos.sharing.Partners;

/**
 * Names a handover item for a reader (issue 18.6): its stored label tuple turned into the words of
 * {@code handover.item.<KIND>} in the reader's language: a purpose by its label, a recipient by its
 * name, codes by their words. Customers are named by the case itself (their public name).
 */
@Component
public class ItemWords {

    private final MessageSource messages;
    private final Purposes purposes;
    private final Partners partners;
    private final Employees employees;

    ItemWords(MessageSource messages, Purposes purposes, Partners partners, Employees employees) {
        this.messages = messages;
        this.purposes = purposes;
        this.partners = partners;
        this.employees = employees;
    }

    /** Item id to its description, for every item that is not a customer. */
    public Map<UUID, String> describe(List<HandoverItem> items, Locale locale) {
        Map<String, String> purposeLabels = new HashMap<>();
        purposes.all().forEach(p -> purposeLabels.put(p.code(), p.label(locale)));
        Map<UUID, String> words = new HashMap<>();
        for (HandoverItem item : items) {
            if (item.kind() != ItemKind.CUSTOMER && item.label() != null) {
                String[] parts = item.label().split("\\|", -1);
                words.put(item.id(), messages.getMessage(key(item.kind(), parts),
                        args(item.kind(), parts, purposeLabels, locale), locale));
            }
        }
        return words;
    }

    /** Exports downloaded, paper taken out, reveals while on notice: said with words of their own. */
    private static String key(ItemKind kind, String[] parts) {
        String flag = switch (kind) {
            case EXPORT -> at(parts, 3);
            case PAPER_RECORD -> at(parts, 2);
            case FLAGGED_ACCESS -> at(parts, 2);
            default -> "false";
        };
        if (kind == ItemKind.EXPORT && Holdings.FILE.equals(at(parts, 0))) {
            return "handover.item.EXPORT.file";
        }
        return "handover.item." + kind + ("true".equals(flag) ? ".flagged" : "");
    }

    private Object[] args(ItemKind kind, String[] parts, Map<String, String> purposeLabels, Locale locale) {
        return switch (kind) {
            case SHARING_REQUEST, GRANT -> new Object[] {purposeLabels.getOrDefault(at(parts, 0), at(parts, 0)),
                recipient(at(parts, 1), at(parts, 2), locale), count(at(parts, 3)), at(parts, 4)};
            case EXPORT -> new Object[] {Holdings.FILE.equals(at(parts, 0)) ? "" : word("exports.state." + at(parts, 0),
                locale), count(at(parts, 1)), at(parts, 2)};
            case PAPER_RECORD -> new Object[] {at(parts, 0), word("audit.value.paperType." + at(parts, 1), locale)};
            case TRAINING -> new Object[] {word("handover.item.TRAINING.kind." + at(parts, 0), locale),
                "zh".equals(locale.getLanguage()) ? at(parts, 1) : at(parts, 2)};
            case FLAGGED_ACCESS -> new Object[] {word("access.reviews.kind." + at(parts, 0), locale), at(parts, 1)};
            default -> parts;
        };
    }

    private String recipient(String type, String id, Locale locale) {
        try {
            UUID uuid = UUID.fromString(id);
            if ("PARTNER".equals(type)) {
                return partners.find(uuid).map(p -> p.name(locale)).orElse("—");
            }
            return employees.department(uuid).map(d -> d.name(locale)).orElse("—");
        } catch (IllegalArgumentException notAnId) {
            return "—";
        }
    }

    private String word(String key, Locale locale) {
        return messages.getMessage(key, null, "", locale);
    }

    /**
     * A count of customers as a number, so the words can say "1 customer" and "3 customers". The
     * labels are written by {@link Holdings} from an int; a part that is not one must not fail the
     * page or the report (a choice format refuses a string), so it reads as none.
     */
    private static Integer count(String part) {
        try {
            return Integer.valueOf(part);
        } catch (NumberFormatException olderLabel) {
            return 0;
        }
    }

    private static String at(String[] parts, int i) {
        return i < parts.length ? parts[i] : "";
    }
}
