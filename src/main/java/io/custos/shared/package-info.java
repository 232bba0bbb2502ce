/**
 * Value types and web plumbing used by every module: the problem-detail vocabulary, the clock,
 * locale resolution, error rendering, and the contract by which modules put tasks on the home page.
 * Holds no business rules and depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
@org.jspecify.annotations.NullMarked
package io.custos.shared;
