package io.custos.sharing;

/** The kinds of organisation a trading company shares customer data with (issue 15.1). */
public enum PartnerType {
    FREIGHT_FORWARDER, CUSTOMS_BROKER, BANK, OVERSEAS_AGENT, SUPPLIER, OTHER
}
