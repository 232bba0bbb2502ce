package io.custos.support;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.Role;

/**
 * Publishes a privacy notice version through the API the way the company would: the administration
 * department drafts, management approves, the administration department publishes.
 */
public final class Notices {

    private Notices() {
    }

    /** A new published version whose data categories are every field of the catalog now. */
    @SuppressWarnings("unchecked")
    public static int publishCoveringEveryField(MockMvc mvc, TestAccounts accounts, Instant now) throws Exception {
        String officer = Api.token(mvc, accounts.create(now, Set.of(Role.ADMIN_OFFICER)), now);
        String management = Api.token(mvc, accounts.create(now, Set.of(Role.MANAGEMENT), TestAccounts.newSecret(),
                false), now);
        Map<String, Object> draft = Api.body(mvc.perform(post("/api/v1/privacy-notices").header("Authorization", officer))
                .andReturn());
        int version = ((Number) draft.get("version")).intValue();
        List<String> categories = new ArrayList<>();
        for (Object field : Api.JSON.readValue(mvc.perform(get("/api/v1/catalog/fields").header("Authorization", officer))
                .andReturn().getResponse().getContentAsString(), List.class)) {
            categories.add((String) ((Map<String, Object>) field).get("key"));
        }
        mvc.perform(put("/api/v1/privacy-notices/" + version).header("Authorization", officer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("titleZh", draft.get("titleZh"), "titleEn", draft.get("titleEn"),
                        "bodyZh", draft.get("bodyZh"), "bodyEn", draft.get("bodyEn"), "purposes", draft.get("purposes"),
                        "categories", categories))));
        mvc.perform(post("/api/v1/privacy-notices/" + version + "/submission").header("Authorization", officer));
        mvc.perform(post("/api/v1/privacy-notices/" + version + "/approval").header("Authorization", management));
        Map<String, Object> published = Api.body(mvc.perform(post("/api/v1/privacy-notices/" + version + "/publication")
                .header("Authorization", officer)).andReturn());
        if (!"PUBLISHED".equals(published.get("status"))) {
            throw new AssertionError("notice " + version + " not published: " + published);
        }
        return version;
    }
}
