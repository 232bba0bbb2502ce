/**
 * Sharing customer information outside its owner's department (R-ORG-3, R-USE-3, R-USE-4, R-USE-5):
 * partners and suppliers with their confidentiality agreements (NDAs) and user accounts, sharing
 * requests approved by the requester's department head (and the administration department for
 * external recipients or L4 fields), the time-bound grants they become, which the access decision
 * honours, approved export packages, and the ledger of what was shared with whom.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.sharing;
