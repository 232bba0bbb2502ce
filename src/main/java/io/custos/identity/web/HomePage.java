package io.custos.identity.web;

import java.util.Comparator;
import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.custos.identity.CustosUser;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;

/** The home page: what is this person's to do, gathered from every module. */
@Controller
class HomePage {

    private final List<HomeTaskProvider> providers;

    HomePage(List<HomeTaskProvider> providers) {
        this.providers = providers;
    }

    @GetMapping("/")
    String home(@AuthenticationPrincipal CustosUser me, Model model) {
        if (me.partner()) {
            // A partner's user has a home of their own (the sharing module's partner pages).
            return "redirect:/partner";
        }
        List<HomeTask> tasks = providers.stream()
                .flatMap(p -> p.tasksFor(me.id()).stream())
                .sorted(Comparator.comparing(HomeTask::severity))
                .toList();
        model.addAttribute("tasks", tasks);
        return "home";
    }
}
