package io.custos.shared;

import java.util.List;
import java.util.UUID;

/**
 * Implemented by each module that has something to put on a person's home page. Keeping the home
 * page ignorant of the modules means a new module adds its tasks without touching it.
 */
public interface HomeTaskProvider {

    List<HomeTask> tasksFor(UUID employeeId);
}
