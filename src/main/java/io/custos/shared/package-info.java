/**
 * Value types and web plumbing used by every module: the problem-detail vocabulary, the clock,
 * locale resolution, error rendering, the home page and its task contributions.
 * Holds no business rules and depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
@org.jspecify.annotations.NullMarked
package io.custos.shared;
