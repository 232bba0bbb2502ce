package io.custos.portal;

import java.util.Map;
import java.util.UUID;

/**
 * A section of the portal's home page (R-CUS-2), contributed by the module that owns what it shows
 * (what we hold, consents, uses, requests...), so the portal depends on none of them. The page
 * inserts {@code ~{<template> :: section(${data})}} for each, in {@link #order()}: the template
 * defines {@code th:fragment="section(data)"} and reads only {@code data}, the map {@link #data}
 * returned for the signed-in customer. Built-in: {@code portal/sections/held} (order 100).
 */
public interface PortalSection {

    /** The Thymeleaf template holding the {@code section(data)} fragment, e.g. {@code portal/sections/held}. */
    String template();

    /** Lower comes first. */
    int order();

    /** What the fragment shows for this customer; never read by anyone but the customer. */
    Map<String, ?> data(UUID customerId);
}
